import type { IfdEntry } from '../exif/read-ifd.js';
import { TIFF_TYPE, type TiffReader } from '../exif/tiff-reader.js';

/**
 * Returns the bytes of an entry's value without copying, or null for an unknown field type or
 * a value that runs past the end of the file.
 */
export function readEntryBytes(reader: TiffReader, entry: IfdEntry): Uint8Array | null {
  if (entry.valueLength === null) {
    return null;
  }
  return reader.readBytes(entry.valueOffset, entry.valueLength);
}

/**
 * Returns the values of a SHORT or LONG entry, or null for another type or a value that runs
 * past the end of the file.
 */
export function readEntryIntegers(reader: TiffReader, entry: IfdEntry): Uint32Array | null {
  const isShort = entry.type === TIFF_TYPE.short;
  if ((!isShort && entry.type !== TIFF_TYPE.long) || readEntryBytes(reader, entry) === null) {
    return null;
  }
  const values = new Uint32Array(entry.count);
  const size = isShort ? 2 : 4;
  for (let index = 0; index < entry.count; index += 1) {
    const offset = entry.valueOffset + index * size;
    // The whole value is in bounds (checked above), so neither read returns null.
    values[index] = (isShort ? reader.readUint16(offset) : reader.readUint32(offset)) ?? 0;
  }
  return values;
}

/**
 * Returns the directory offsets of a SubIFDs entry: LONG or IFD (type 13), which store the same
 * 32-bit offsets. Returns [] for another type or a value out of bounds.
 */
export function readSubIfdOffsets(reader: TiffReader, entry: IfdEntry): number[] {
  const asLong = entry.type === TIFF_TYPE.ifd ? { ...entry, type: TIFF_TYPE.long } : entry;
  return asLong.type === TIFF_TYPE.long ? [...(readEntryIntegers(reader, asLong) ?? [])] : [];
}
