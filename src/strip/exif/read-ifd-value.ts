import type { IfdEntry } from './read-ifd.js';
import { TIFF_TYPE, type TiffReader } from './tiff-reader.js';

/**
 * Returns the single SHORT or LONG value of `entry`, or null when the entry has another type,
 * more than one value, or a value out of bounds.
 */
export function readIfdInteger(reader: TiffReader, entry: IfdEntry): number | null {
  if (entry.count !== 1) {
    return null;
  }
  if (entry.type === TIFF_TYPE.short) {
    return reader.readUint16(entry.valueOffset);
  }
  if (entry.type === TIFF_TYPE.long) {
    return reader.readUint32(entry.valueOffset);
  }
  return null;
}

/**
 * Returns an ASCII entry's text without its trailing NULs, one character per byte (latin1), so
 * that writing it back reproduces the bytes. Returns null for another type or out-of-bounds
 * data.
 */
export function readIfdAscii(reader: TiffReader, entry: IfdEntry): string | null {
  if (entry.type !== TIFF_TYPE.ascii || entry.valueLength === null) {
    return null;
  }
  const bytes = reader.readBytes(entry.valueOffset, entry.valueLength);
  if (bytes === null) {
    return null;
  }
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) {
    end -= 1;
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1');
}

/**
 * Returns the IFD offset that a pointer entry (ExifIFD, GPS, Interop) stores. Any entry whose
 * value is exactly 4 bytes is read as one, whatever its declared type, because some writers
 * store pointers as UNDEFINED or ASCII and the directory behind them still contains tags.
 */
export function readIfdPointer(reader: TiffReader, entry: IfdEntry): number | null {
  return entry.valueLength === 4 ? reader.readUint32(entry.valueOffset) : null;
}
