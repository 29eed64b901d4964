import { AppError, isAppError } from '../shared/errors.js';
import { buildAdobeRgbProfile } from '../strip/exif/build-adobe-rgb-profile.js';
import { EXIF_TAG } from '../strip/exif/exif-tags.js';
import type { IfdEntry } from '../strip/exif/read-ifd.js';
import { readIfdInteger, readIfdPointer } from '../strip/exif/read-ifd-value.js';
import { TIFF_TYPE, type TiffReader } from '../strip/exif/tiff-reader.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { ByteRanges } from '../strip/tiff/byte-ranges.js';
import { createExifIfdInspector, type TiffExifIfd } from '../strip/tiff/inspect-tiff-exif-ifd.js';
import { readEntryBytes } from '../strip/tiff/read-entry-value.js';
import { readAllImageBlocks, type ImageBlocks } from '../strip/tiff/read-image-blocks.js';
import {
  measureIfdTable,
  readTiffPages,
  type TiffFile,
  type TiffPage,
} from '../strip/tiff/read-tiff-pages.js';
import { TIFF_STRUCTURE_TAGS } from '../strip/tiff/tiff-structure-tags.js';
import { TIFF_TAG } from '../strip/tiff/tiff-tags.js';
import { verifyTiffExifIfd } from './verify-tiff-exif-ifd.js';

/** A TIFF read for the check: its pages, their strips or tiles, and an Exif IFD inspector. */
interface CheckedTiff extends TiffFile {
  readonly blocks: readonly ImageBlocks[];
  readonly inspectExifIfd: (offset: number) => TiffExifIfd;
}

/** One page of the input and of the output, read side by side. */
interface PagePair {
  readonly input: CheckedTiff;
  readonly output: CheckedTiff;
  readonly inputPage: TiffPage;
  readonly outputPage: TiffPage;
  /** The page index, from 0. */
  readonly index: number;
  /** The page number, from 1, for messages. */
  readonly number: number;
}

/**
 * Checks a cleaned TIFF against an allowlist, independently of how the stripper decided.
 *
 * The output must be a classic TIFF in the input's byte order with as many pages. Each page
 * may hold only the image structure tags, and Orientation (1..8), the ICC profile, Copyright
 * (ASCII) and an Exif IFD with nothing but DateTimeOriginal and OffsetTimeOriginal only when
 * the policy keeps them. Every kept tag must equal the input page's tag in type, count and
 * value bytes, and every structure tag of the input page must be kept. Strip and tile offsets
 * may differ, but the blocks they locate must equal the input's, byte for byte and in order.
 * The one addition allowed is the Adobe RGB compatible profile on a page whose Exif IFD marked
 * Adobe RGB. Finally, no bytes beyond alignment padding may lie outside those structures, so
 * nothing removed can survive as unreferenced data.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`, naming tags by number and never their values.
 */
export function verifyTiffStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const inputFile = readFile(input, 'input');
  const outputFile = readFile(output, 'cleaned');
  if (!Buffer.from(output.subarray(0, 4)).equals(input.subarray(0, 4))) {
    throw createError('has a different TIFF header or byte order than the input');
  }
  if (outputFile.pages.length !== inputFile.pages.length) {
    throw createError(
      `has ${outputFile.pages.length} pages, but the input has ${inputFile.pages.length}`,
    );
  }
  const referenced = new ByteRanges();
  referenced.add(0, 8);
  outputFile.pages.forEach((outputPage, index) => {
    const inputPage = inputFile.pages[index];
    if (inputPage !== undefined) {
      const files = { input: inputFile, output: outputFile };
      verifyPage({ ...files, inputPage, outputPage, index, number: index + 1 }, policy, referenced);
    }
  });
  if (referenced.countUnreferencedBytes(output.length) > 0) {
    throw createError('contains bytes that no kept tag, IFD, strip or tile references');
  }
}

function readFile(bytes: Uint8Array, description: string): CheckedTiff {
  try {
    const file = readTiffPages(bytes);
    const blocks = readAllImageBlocks(file).map((page) => page.blocks);
    return { ...file, blocks, inspectExifIfd: createExifIfdInspector(file.reader) };
  } catch (error) {
    if (isAppError(error)) {
      throw new AppError('E_VERIFY_STRUCTURE', `The ${description} TIFF cannot be read.`, {
        cause: error,
      });
    }
    throw error;
  }
}

function verifyPage(pair: PagePair, policy: KeepPolicy, referenced: ByteRanges): void {
  const { outputPage, number } = pair;
  referenced.add(outputPage.offset, measureIfdTable(outputPage.entries.length));
  const seen = new Set<number>();
  for (const entry of outputPage.entries) {
    if (seen.has(entry.tag)) {
      throw createError(`repeats tag ${formatTag(entry.tag)} on page ${number}`);
    }
    seen.add(entry.tag);
    verifyEntry(pair, entry, policy, referenced);
    if (entry.valueLength !== null && entry.valueLength > 4) {
      referenced.add(entry.valueOffset, entry.valueLength);
    }
  }
  verifyStructureKept(pair, policy);
  const blocks = verifyImageBlocks(pair);
  for (let index = 0; index < blocks.offsets.length; index += 1) {
    referenced.add(blocks.offsets[index] ?? 0, blocks.byteCounts[index] ?? 0);
  }
}

/** Checks that an output tag is allowed by the policy and equal to the input page's. */
function verifyEntry(
  pair: PagePair,
  entry: IfdEntry,
  policy: KeepPolicy,
  referenced: ByteRanges,
): void {
  const { tag } = entry;
  const where = `tag ${formatTag(tag)} on page ${pair.number}`;
  if (tag === TIFF_TAG.stripOffsets || tag === TIFF_TAG.tileOffsets) {
    return; // compared through the blocks they locate
  }
  if (tag === EXIF_TAG.exifIfdPointer && policy.captureDate) {
    verifyExifIfd(pair, entry, referenced);
    return;
  }
  if (tag === TIFF_TAG.iccProfile && policy.colorProfile === true) {
    verifyIccProfile(pair, entry);
    return;
  }
  if (!isAllowedTag(pair.output.reader, entry, policy)) {
    throw createError(`contains ${where}, which the keep policy does not allow`);
  }
  if (!isEqualToInput(pair, entry)) {
    throw createError(`changes the value of ${where}`);
  }
}

function isAllowedTag(reader: TiffReader, entry: IfdEntry, policy: KeepPolicy): boolean {
  switch (entry.tag) {
    case TIFF_TAG.orientation: {
      const orientation = readIfdInteger(reader, entry) ?? 0;
      return policy.orientation === true && orientation >= 1 && orientation <= 8;
    }
    case TIFF_TAG.copyright:
      return policy.copyright && entry.type === TIFF_TYPE.ascii;
    default:
      return TIFF_STRUCTURE_TAGS.has(entry.tag);
  }
}

/** Returns true when the input page has the same tag with the same type, count and value. */
function isEqualToInput(pair: PagePair, entry: IfdEntry): boolean {
  const inputEntry = pair.inputPage.entries.find((candidate) => candidate.tag === entry.tag);
  if (inputEntry?.type !== entry.type || inputEntry.count !== entry.count) {
    return false;
  }
  const inputValue = readEntryBytes(pair.input.reader, inputEntry);
  const outputValue = readEntryBytes(pair.output.reader, entry);
  return inputValue !== null && outputValue !== null && isSameBytes(inputValue, outputValue);
}

/**
 * Checks that every structure tag of the input page, and Orientation and the ICC profile when
 * the policy keeps them, is in the output page.
 */
function verifyStructureKept(pair: PagePair, policy: KeepPolicy): void {
  const outputTags = new Set(pair.outputPage.entries.map((entry) => entry.tag));
  for (const entry of pair.inputPage.entries) {
    const isKept =
      TIFF_STRUCTURE_TAGS.has(entry.tag) ||
      (entry.tag === TIFF_TAG.orientation && isAllowedTag(pair.input.reader, entry, policy)) ||
      (entry.tag === TIFF_TAG.iccProfile && policy.colorProfile === true);
    if (isKept && !outputTags.has(entry.tag)) {
      throw createError(`lacks tag ${formatTag(entry.tag)} of input page ${pair.number}`);
    }
  }
}

/** Checks that the output page's strips or tiles equal the input page's, in order. */
function verifyImageBlocks(pair: PagePair): ImageBlocks {
  const inputBlocks = pair.input.blocks[pair.index];
  const outputBlocks = pair.output.blocks[pair.index];
  const isSameLayout =
    inputBlocks !== undefined &&
    outputBlocks !== undefined &&
    inputBlocks.offsetsTag === outputBlocks.offsetsTag &&
    inputBlocks.offsets.length === outputBlocks.offsets.length;
  if (!isSameLayout) {
    throw createError(`has a different strip or tile layout on page ${pair.number}`);
  }
  for (let index = 0; index < inputBlocks.offsets.length; index += 1) {
    const inputBlock = sliceBlock(pair.input.reader, inputBlocks, index);
    const outputBlock = sliceBlock(pair.output.reader, outputBlocks, index);
    if (!isSameBytes(inputBlock, outputBlock)) {
      throw createError(`changes strip or tile ${index + 1} of page ${pair.number}`);
    }
  }
  return outputBlocks;
}

function sliceBlock(reader: TiffReader, blocks: ImageBlocks, index: number): Uint8Array {
  const start = blocks.offsets[index] ?? 0;
  return reader.bytes.subarray(start, start + (blocks.byteCounts[index] ?? 0));
}

/**
 * Checks an ICC profile the policy keeps: the input page's own profile, or the Adobe RGB
 * compatible profile when the input page had none and its Exif IFD marked Adobe RGB.
 */
function verifyIccProfile(pair: PagePair, entry: IfdEntry): void {
  const hasInputProfile = pair.inputPage.entries.some((input) => input.tag === entry.tag);
  if (hasInputProfile) {
    if (!isEqualToInput(pair, entry)) {
      throw createError(`changes the ICC profile of page ${pair.number}`);
    }
    return;
  }
  const profile = readEntryBytes(pair.output.reader, entry);
  const isAdobeRgbProfile =
    entry.type === TIFF_TYPE.undefined &&
    profile !== null &&
    isSameBytes(profile, buildAdobeRgbProfile());
  if (!isAdobeRgbProfile || !isInputAdobeRgb(pair)) {
    throw createError(`adds an ICC profile to page ${pair.number} that the input did not imply`);
  }
}

function isInputAdobeRgb(pair: PagePair): boolean {
  const pointer = findExifIfdOffset(pair.input.reader, pair.inputPage);
  return pointer !== null && pair.input.inspectExifIfd(pointer).isAdobeRgb;
}

/** Checks the output's Exif IFD against the capture date of the input page's Exif IFD. */
function verifyExifIfd(pair: PagePair, pointer: IfdEntry, referenced: ByteRanges): void {
  const inputPointer = findExifIfdOffset(pair.input.reader, pair.inputPage);
  const inputExif = inputPointer === null ? null : pair.input.inspectExifIfd(inputPointer);
  const expected =
    inputExif?.captureDate == null
      ? null
      : { captureDate: inputExif.captureDate, offsetTimeOriginal: inputExif.offsetTimeOriginal };
  verifyTiffExifIfd(pair.output.reader, pointer, expected, `page ${pair.number}`, referenced);
}

function findExifIfdOffset(reader: TiffReader, page: TiffPage): number | null {
  const entry = page.entries.find((candidate) => candidate.tag === EXIF_TAG.exifIfdPointer);
  return entry === undefined ? null : readIfdPointer(reader, entry);
}

function isSameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

function formatTag(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(4, '0')} (${tag})`;
}

function createError(problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `The cleaned TIFF ${problem}.`);
}
