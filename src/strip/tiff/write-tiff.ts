import { AppError } from '../../shared/errors.js';
import { EXIF_TAG } from '../exif/exif-tags.js';
import { TIFF_TYPE, type TiffReader } from '../exif/tiff-reader.js';
import type { ImageBlocks } from './read-image-blocks.js';
import { readEntryBytes } from './read-entry-value.js';
import { measureIfdTable } from './read-tiff-pages.js';
import type { TiffPagePlan } from './plan-tiff-page.js';
import { TIFF_TAG } from './tiff-tags.js';

/** A page to write: its plan, plus the ICC profile to add when the plan requests one. */
export interface TiffPageToWrite {
  readonly plan: TiffPagePlan;
  readonly addedIccProfile: Uint8Array | null;
}

/** One directory entry to write, its value already encoded in the file's byte order. */
interface FieldToWrite {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  readonly value: Uint8Array;
}

/** The output positions of one page's parts. */
interface PageLayout {
  readonly fields: FieldToWrite[];
  readonly exifFields: readonly FieldToWrite[];
  readonly ifdOffset: number;
  readonly exifIfdOffset: number;
  /** The output offset of each strip or tile, in the order of the page's table. */
  readonly blockOffsets: Uint32Array;
  readonly end: number;
}

const HEADER_SIZE = 8;
const MAX_CLASSIC_TIFF_SIZE = 0xffff_ffff;

/**
 * Writes a compact classic TIFF in the input's byte order. After the header, each page gets
 * its IFD (entries sorted by tag, values after it), then its minimal Exif IFD when it keeps a
 * capture date, then its strips or tiles copied byte for byte. Blocks that several strips,
 * tiles or pages share in the input are written once and stay shared. Offsets tables are
 * written as LONG, and every other kept entry keeps its type, count and value bytes.
 *
 * @throws AppError `E_UNSUPPORTED_FORMAT` when the output would pass the 4 GiB limit of
 *   32-bit offsets.
 */
export function writeTiff(reader: TiffReader, pages: readonly TiffPageToWrite[]): Uint8Array {
  const writtenBlocks = new Map<string, number>();
  const layouts: PageLayout[] = [];
  let position = HEADER_SIZE;
  for (const page of pages) {
    const layout = layOutPage(reader, page, position, writtenBlocks);
    layouts.push(layout);
    position = alignToWord(layout.end);
  }
  if (position > MAX_CLASSIC_TIFF_SIZE) {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      'The cleaned TIFF would be larger than 4 GiB, the limit of classic TIFF offsets.',
    );
  }

  const output = new Uint8Array(position);
  const view = new DataView(output.buffer);
  output.set(reader.bytes.subarray(0, 4));
  view.setUint32(4, layouts[0]?.ifdOffset ?? 0, reader.littleEndian);
  layouts.forEach((layout, index) => {
    const nextIfdOffset = layouts[index + 1]?.ifdOffset ?? 0;
    writeIfd(view, layout.ifdOffset, layout.fields, nextIfdOffset, reader.littleEndian);
    if (layout.exifFields.length > 0) {
      writeIfd(view, layout.exifIfdOffset, layout.exifFields, 0, reader.littleEndian);
    }
  });
  copyBlocks(reader, pages, layouts, output);
  return output;
}

function layOutPage(
  reader: TiffReader,
  page: TiffPageToWrite,
  start: number,
  writtenBlocks: Map<string, number>,
): PageLayout {
  const { plan } = page;
  const { blocks } = plan;
  const fields = createFields(reader, page);
  const exifFields = createExifFields(plan);
  const exifIfdOffset = start + measureIfd(fields);
  let position = exifIfdOffset + (exifFields.length > 0 ? measureIfd(exifFields) : 0);

  const blockOffsets = new Uint32Array(blocks.offsets.length);
  for (let index = 0; index < blockOffsets.length; index += 1) {
    const length = blocks.byteCounts[index] ?? 0;
    const key = `${blocks.offsets[index] ?? 0}:${length}`;
    const written = length === 0 ? 0 : writtenBlocks.get(key);
    if (written === undefined) {
      writtenBlocks.set(key, position);
      blockOffsets[index] = position;
      position += length;
    } else {
      blockOffsets[index] = written;
    }
  }

  setLongs(fields, blocks.offsetsTag, blockOffsets, reader.littleEndian);
  setLongs(fields, EXIF_TAG.exifIfdPointer, [exifIfdOffset], reader.littleEndian);
  return { fields, exifFields, ifdOffset: start, exifIfdOffset, blockOffsets, end: position };
}

/** Creates the page's fields sorted by tag, with zeroed offsets that layOutPage fills in. */
function createFields(reader: TiffReader, page: TiffPageToWrite): FieldToWrite[] {
  const { plan } = page;
  const fields: FieldToWrite[] = plan.keptEntries.map((entry) => {
    if (entry.tag === plan.blocks.offsetsTag) {
      const value = new Uint8Array(entry.count * 4);
      return { tag: entry.tag, type: TIFF_TYPE.long, count: entry.count, value };
    }
    // planTiffPage kept only entries whose values are in bounds.
    const value = readEntryBytes(reader, entry) ?? new Uint8Array(0);
    return { tag: entry.tag, type: entry.type, count: entry.count, value };
  });
  if (page.addedIccProfile !== null) {
    const value = page.addedIccProfile;
    fields.push({
      tag: TIFF_TAG.iccProfile,
      type: TIFF_TYPE.undefined,
      count: value.length,
      value,
    });
  }
  if (plan.captureDate !== null) {
    const value = new Uint8Array(4);
    fields.push({ tag: EXIF_TAG.exifIfdPointer, type: TIFF_TYPE.long, count: 1, value });
  }
  return fields.sort((a, b) => a.tag - b.tag);
}

function createExifFields(plan: TiffPagePlan): FieldToWrite[] {
  if (plan.captureDate === null) {
    return [];
  }
  const { captureDate, offsetTimeOriginal } = plan.captureDate;
  const fields = [createAsciiField(EXIF_TAG.dateTimeOriginal, captureDate)];
  if (offsetTimeOriginal !== null) {
    fields.push(createAsciiField(EXIF_TAG.offsetTimeOriginal, offsetTimeOriginal));
  }
  return fields;
}

function createAsciiField(tag: number, text: string): FieldToWrite {
  const value = new Uint8Array(text.length + 1); // the final byte stays NUL
  value.set(Buffer.from(text, 'latin1'));
  return { tag, type: TIFF_TYPE.ascii, count: value.length, value };
}

function setLongs(
  fields: readonly FieldToWrite[],
  tag: number,
  values: ArrayLike<number>,
  littleEndian: boolean,
): void {
  const field = fields.find((candidate) => candidate.tag === tag);
  if (field === undefined) {
    return;
  }
  const view = new DataView(field.value.buffer, field.value.byteOffset, field.value.byteLength);
  for (let index = 0; index < values.length; index += 1) {
    view.setUint32(index * 4, values[index] ?? 0, littleEndian);
  }
}

/** Returns the bytes an IFD takes: its table, then its out-of-line values word-aligned. */
function measureIfd(fields: readonly FieldToWrite[]): number {
  const valueSize = fields
    .filter((field) => field.value.length > 4)
    .reduce((sum, field) => sum + alignToWord(field.value.length), 0);
  return measureIfdTable(fields.length) + valueSize;
}

function writeIfd(
  view: DataView,
  offset: number,
  fields: readonly FieldToWrite[],
  nextIfdOffset: number,
  littleEndian: boolean,
): void {
  const bytes = new Uint8Array(view.buffer);
  view.setUint16(offset, fields.length, littleEndian);
  let valueOffset = offset + measureIfdTable(fields.length);
  fields.forEach((field, index) => {
    const entryOffset = offset + 2 + index * 12;
    view.setUint16(entryOffset, field.tag, littleEndian);
    view.setUint16(entryOffset + 2, field.type, littleEndian);
    view.setUint32(entryOffset + 4, field.count, littleEndian);
    if (field.value.length <= 4) {
      // A value that fits sits left-justified in the 4-byte field, in either byte order.
      bytes.set(field.value, entryOffset + 8);
      return;
    }
    view.setUint32(entryOffset + 8, valueOffset, littleEndian);
    bytes.set(field.value, valueOffset);
    valueOffset += alignToWord(field.value.length);
  });
  view.setUint32(offset + measureIfdTable(fields.length) - 4, nextIfdOffset, littleEndian);
}

function copyBlocks(
  reader: TiffReader,
  pages: readonly TiffPageToWrite[],
  layouts: readonly PageLayout[],
  output: Uint8Array,
): void {
  pages.forEach((page, pageIndex) => {
    const blocks: ImageBlocks = page.plan.blocks;
    const targets = layouts[pageIndex]?.blockOffsets ?? new Uint32Array(0);
    for (let index = 0; index < targets.length; index += 1) {
      const start = blocks.offsets[index] ?? 0;
      const length = blocks.byteCounts[index] ?? 0;
      output.set(reader.bytes.subarray(start, start + length), targets[index] ?? 0);
    }
  });
}

/** Rounds up to an even offset, because TIFF IFDs and values start on a word boundary. */
function alignToWord(size: number): number {
  return size + (size % 2);
}
