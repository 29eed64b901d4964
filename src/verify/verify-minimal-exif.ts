import { AppError } from '../shared/errors.js';
import { readAppleHdrValues } from '../strip/exif/apple-maker-note.js';
import { buildMinimalExif, type MinimalExifFields } from '../strip/exif/build-minimal-exif.js';
import { EXIF_TAG } from '../strip/exif/exif-tags.js';
import { isExifCopyright, isExifDate, isExifOffset } from '../strip/exif/exif-values.js';
import { readIfd, type Ifd, type IfdEntry } from '../strip/exif/read-ifd.js';
import { readIfdAscii, readIfdInteger } from '../strip/exif/read-ifd-value.js';
import { TiffReader } from '../strip/exif/tiff-reader.js';
import type { KeepPolicy } from '../strip/keep-policy.js';

/** Tags each directory of our minimal block may hold, and the policy switch that allows them. */
const ALLOWED_IFD0_TAGS: ReadonlyMap<number, (policy: KeepPolicy) => boolean> = new Map([
  [EXIF_TAG.orientation, (policy: KeepPolicy) => policy.orientation !== false],
  [EXIF_TAG.copyright, (policy: KeepPolicy) => policy.copyright],
  [EXIF_TAG.exifIfdPointer, (policy: KeepPolicy) => policy.captureDate || policy.hdrGainMap],
]);
const ALLOWED_EXIF_IFD_TAGS: ReadonlyMap<number, (policy: KeepPolicy) => boolean> = new Map([
  [EXIF_TAG.dateTimeOriginal, (policy: KeepPolicy) => policy.captureDate],
  [EXIF_TAG.offsetTimeOriginal, (policy: KeepPolicy) => policy.captureDate],
  [EXIF_TAG.makerNote, (policy: KeepPolicy) => policy.hdrGainMap],
]);

/**
 * Checks that an EXIF block (from its TIFF header on) is our minimal block and contains only tags
 * that `policy` keeps, and returns its values. A MakerNote passes only as Apple's, reduced to
 * HDRHeadroom and HDRGain, and only when the policy keeps gain maps. Each tag must be on the allowlist with a
 * well-formed value, and the block must equal, byte for byte, the block built from those
 * values, so no slack bytes, extra directories or thumbnails can hide in it. `where` names the
 * container for the message, such as `APP1` or `eXIf`.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`; the message names tags by number, never values.
 */
export function verifyMinimalExif(
  tiff: Uint8Array,
  policy: KeepPolicy,
  where: string,
): MinimalExifFields {
  const reader = TiffReader.open(tiff);
  if (reader === null) {
    throw createError(where, 'has no valid TIFF header');
  }
  const ifd0 = readCompleteIfd(reader, reader.firstIfdOffset, where, 'IFD0');
  const fields = readIfd0Fields(reader, ifd0, policy, where);
  const exifPointer = ifd0.entries.find((entry) => entry.tag === EXIF_TAG.exifIfdPointer);
  const exifFields =
    exifPointer === undefined ? {} : readExifIfdFields(reader, exifPointer, policy, where);
  if (exifFields.offsetTimeOriginal !== undefined && exifFields.captureDate === undefined) {
    throw createError(where, 'contains OffsetTimeOriginal without DateTimeOriginal');
  }
  const values = { ...fields, ...exifFields };
  const expected = buildMinimalExif(values);
  if (expected === null || !Buffer.from(tiff).equals(expected)) {
    throw createError(where, 'differs from the minimal block rebuilt from its own values');
  }
  return values;
}

function readCompleteIfd(reader: TiffReader, offset: number, where: string, name: string): Ifd {
  const ifd = readIfd(reader, offset);
  if (ifd === null || !ifd.isComplete) {
    throw createError(where, `has an unreadable ${name}`);
  }
  if (ifd.nextIfdOffset !== 0) {
    throw createError(where, `chains another directory after ${name}`);
  }
  return ifd;
}

function readIfd0Fields(
  reader: TiffReader,
  ifd0: Ifd,
  policy: KeepPolicy,
  where: string,
): MinimalExifFields {
  let fields: MinimalExifFields = {};
  for (const entry of ifd0.entries) {
    checkAllowed(entry, ALLOWED_IFD0_TAGS, policy, where, 'IFD0');
    if (entry.tag === EXIF_TAG.orientation) {
      const orientation = readIfdInteger(reader, entry);
      if (orientation === null || orientation < 2 || orientation > 8) {
        throw createError(where, 'contains an Orientation outside 2..8');
      }
      fields = { ...fields, orientation };
    }
    if (entry.tag === EXIF_TAG.copyright) {
      fields = { ...fields, copyright: readText(reader, entry, isExifCopyright, where) };
    }
  }
  return fields;
}

function readExifIfdFields(
  reader: TiffReader,
  pointer: IfdEntry,
  policy: KeepPolicy,
  where: string,
): MinimalExifFields {
  const offset = readIfdInteger(reader, pointer);
  if (offset === null) {
    throw createError(where, 'has an unreadable Exif IFD pointer');
  }
  const exifIfd = readCompleteIfd(reader, offset, where, 'the Exif IFD');
  let fields: MinimalExifFields = {};
  for (const entry of exifIfd.entries) {
    checkAllowed(entry, ALLOWED_EXIF_IFD_TAGS, policy, where, 'the Exif IFD');
    if (entry.tag === EXIF_TAG.dateTimeOriginal) {
      fields = { ...fields, captureDate: readText(reader, entry, isExifDate, where) };
    }
    if (entry.tag === EXIF_TAG.offsetTimeOriginal) {
      fields = { ...fields, offsetTimeOriginal: readText(reader, entry, isExifOffset, where) };
    }
    if (entry.tag === EXIF_TAG.makerNote) {
      const bytes =
        entry.valueLength === null ? null : reader.readBytes(entry.valueOffset, entry.valueLength);
      const appleHdr = bytes === null ? null : readAppleHdrValues(bytes);
      if (appleHdr === null) {
        throw createError(where, 'contains a MakerNote that is not an Apple HDR MakerNote');
      }
      fields = { ...fields, appleHdr };
    }
  }
  return fields;
}

function checkAllowed(
  entry: IfdEntry,
  allowed: ReadonlyMap<number, (policy: KeepPolicy) => boolean>,
  policy: KeepPolicy,
  where: string,
  directory: string,
): void {
  const isKept = allowed.get(entry.tag);
  if (isKept === undefined || !isKept(policy)) {
    throw createError(
      where,
      `contains tag ${formatTag(entry.tag)} in ${directory}, which the keep policy does not allow`,
    );
  }
}

function readText(
  reader: TiffReader,
  entry: IfdEntry,
  isValid: (value: string) => boolean,
  where: string,
): string {
  const value = readIfdAscii(reader, entry);
  if (value === null || !isValid(value)) {
    throw createError(where, `contains an invalid value in tag ${formatTag(entry.tag)}`);
  }
  return value;
}

function formatTag(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(4, '0')}`;
}

function createError(where: string, problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `The EXIF block in ${where} ${problem}`);
}
