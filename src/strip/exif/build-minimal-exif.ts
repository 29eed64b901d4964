import { buildAppleMakerNote, type AppleHdrValues } from './apple-maker-note.js';
import { EXIF_TAG } from './exif-tags.js';
import { isExifCopyright, isExifDate, isExifOffset } from './exif-values.js';
import { TIFF_TYPE } from './tiff-reader.js';

/** The values our minimal EXIF block can carry. Absent fields are not written. */
export interface MinimalExifFields {
  /** IFD0 Orientation, an integer 1..8. 1 is the default orientation and is never written. */
  readonly orientation?: number;
  /** Exif sub-IFD DateTimeOriginal, `YYYY:MM:DD HH:MM:SS`. */
  readonly captureDate?: string;
  /** Exif sub-IFD OffsetTimeOriginal, `+HH:MM` or `-HH:MM`. Needs `captureDate`. */
  readonly offsetTimeOriginal?: string;
  /** IFD0 Copyright, one byte per character (latin1) as {@link inspectExif} returns it. */
  readonly copyright?: string;
  /** Exif sub-IFD MakerNote, written as an Apple MakerNote with only these two values. */
  readonly appleHdr?: AppleHdrValues;
}

/** One directory entry to write, with its value already encoded big-endian. */
interface FieldToWrite {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  readonly value: Uint8Array;
}

const TIFF_HEADER_SIZE = 8;

/**
 * Builds our minimal EXIF block: a big-endian TIFF structure with Orientation and Copyright in
 * IFD0 and DateTimeOriginal, OffsetTimeOriginal and the reduced Apple MakerNote (see
 * {@link buildAppleMakerNote}) in an Exif sub-IFD, nothing else, no IFD1
 * and no slack bytes. Entries are sorted by tag and every out-of-line value starts on an even
 * offset. Returns the bytes from the TIFF header on (without `Exif\0\0`), or null when there
 * is nothing to write.
 *
 * @throws RangeError when a field is out of range or malformed. The message names the field
 *   and never echoes its text, because the text is personal data.
 * @example
 * const tiff = buildMinimalExif({ orientation: 6 }); // 26 bytes
 */
export function buildMinimalExif(fields: MinimalExifFields): Uint8Array | null {
  validateFields(fields);
  const exifFields = createExifIfdFields(fields);
  const ifd0Fields = createIfd0Fields(fields, exifFields.length > 0);
  if (ifd0Fields.length === 0) {
    return null;
  }
  const ifd0Size = measureIfd(ifd0Fields);
  const exifIfdOffset = TIFF_HEADER_SIZE + ifd0Size;
  const totalSize = exifIfdOffset + (exifFields.length > 0 ? measureIfd(exifFields) : 0);
  const bytes = new Uint8Array(totalSize);
  const view = new DataView(bytes.buffer);
  bytes.set([0x4d, 0x4d, 0x00, 0x2a]); // "MM", then 42
  view.setUint32(4, TIFF_HEADER_SIZE);
  const ifd0 = ifd0Fields.map((field) =>
    field.tag === EXIF_TAG.exifIfdPointer ? { ...field, value: encodeLong(exifIfdOffset) } : field,
  );
  writeIfd(bytes, TIFF_HEADER_SIZE, ifd0);
  if (exifFields.length > 0) {
    writeIfd(bytes, exifIfdOffset, exifFields);
  }
  return bytes;
}

function validateFields(fields: MinimalExifFields): void {
  const { orientation, captureDate, offsetTimeOriginal, copyright } = fields;
  if (orientation !== undefined && !isOrientation(orientation)) {
    throw createFieldError('orientation', 'an integer 1..8', orientation);
  }
  if (captureDate !== undefined && !isExifDate(captureDate)) {
    throw createFieldError('captureDate', 'an EXIF date `YYYY:MM:DD HH:MM:SS`', captureDate);
  }
  if (offsetTimeOriginal !== undefined && !isExifOffset(offsetTimeOriginal)) {
    throw createFieldError('offsetTimeOriginal', 'an offset `+HH:MM`', offsetTimeOriginal);
  }
  if (offsetTimeOriginal !== undefined && captureDate === undefined) {
    throw new RangeError('`offsetTimeOriginal` needs `captureDate`; received it alone');
  }
  if (copyright !== undefined && !isExifCopyright(copyright)) {
    throw createFieldError('copyright', 'non-empty latin1 text', copyright);
  }
}

function isOrientation(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 8;
}

/**
 * Creates the one shape of argument error in this module. Strings are described by length
 * only, so a copyright or date never lands in a log.
 */
function createFieldError(name: string, expected: string, received: unknown): RangeError {
  const description =
    typeof received === 'string'
      ? `a string of ${received.length} characters`
      : `${String(received)} (${typeof received})`;
  return new RangeError(`\`${name}\` must be ${expected}; received ${description}`);
}

function createIfd0Fields(fields: MinimalExifFields, hasExifIfd: boolean): FieldToWrite[] {
  const result: FieldToWrite[] = [];
  if (fields.orientation !== undefined && fields.orientation !== 1) {
    const value = new Uint8Array(2);
    new DataView(value.buffer).setUint16(0, fields.orientation);
    result.push({ tag: EXIF_TAG.orientation, type: TIFF_TYPE.short, count: 1, value });
  }
  if (fields.copyright !== undefined) {
    result.push(createAsciiField(EXIF_TAG.copyright, fields.copyright));
  }
  if (hasExifIfd) {
    // The offset is filled in once IFD0's size is known; it is always 4 bytes inline.
    const value = encodeLong(0);
    result.push({ tag: EXIF_TAG.exifIfdPointer, type: TIFF_TYPE.long, count: 1, value });
  }
  return result;
}

function createExifIfdFields(fields: MinimalExifFields): FieldToWrite[] {
  const result: FieldToWrite[] = [];
  if (fields.captureDate !== undefined) {
    result.push(createAsciiField(EXIF_TAG.dateTimeOriginal, fields.captureDate));
  }
  if (fields.offsetTimeOriginal !== undefined) {
    result.push(createAsciiField(EXIF_TAG.offsetTimeOriginal, fields.offsetTimeOriginal));
  }
  if (fields.appleHdr !== undefined) {
    const value = buildAppleMakerNote(fields.appleHdr);
    result.push({ tag: EXIF_TAG.makerNote, type: TIFF_TYPE.undefined, count: value.length, value });
  }
  return result;
}

function createAsciiField(tag: number, text: string): FieldToWrite {
  const value = new Uint8Array(text.length + 1); // the final byte stays NUL
  value.set(Buffer.from(text, 'latin1'));
  return { tag, type: TIFF_TYPE.ascii, count: value.length, value };
}

function encodeLong(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** Rounds up to an even size, because TIFF values must start on a word boundary. */
function alignToWord(size: number): number {
  return size + (size % 2);
}

/** Returns the bytes an IFD takes: count, entries, next offset, then its out-of-line values. */
function measureIfd(fields: readonly FieldToWrite[]): number {
  const tableSize = 2 + fields.length * 12 + 4;
  const valueSize = fields
    .filter((field) => field.value.length > 4)
    .reduce((sum, field) => sum + alignToWord(field.value.length), 0);
  return tableSize + valueSize;
}

/** Writes an IFD with a zero next-IFD offset and its out-of-line values right after it. */
function writeIfd(bytes: Uint8Array, offset: number, fields: readonly FieldToWrite[]): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint16(offset, fields.length);
  let valueOffset = offset + 2 + fields.length * 12 + 4;
  fields.forEach((field, index) => {
    const entryOffset = offset + 2 + index * 12;
    view.setUint16(entryOffset, field.tag);
    view.setUint16(entryOffset + 2, field.type);
    view.setUint32(entryOffset + 4, field.count);
    if (field.value.length <= 4) {
      bytes.set(field.value, entryOffset + 8);
      return;
    }
    view.setUint32(entryOffset + 8, valueOffset);
    bytes.set(field.value, valueOffset);
    valueOffset += alignToWord(field.value.length);
  });
}
