import { getTiffTypeSize, type TiffReader } from './tiff-reader.js';

/** One 12-byte entry of an image file directory. */
export interface IfdEntry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** The value's offset: inside the entry when the value fits in 4 bytes, else the stored offset. */
  readonly valueOffset: number;
  /** The value's size in bytes (count times the type size), or null for an unknown type. */
  readonly valueLength: number | null;
}

/** An image file directory as far as it lies inside the buffer. */
export interface Ifd {
  readonly entries: readonly IfdEntry[];
  /** The offset of the next IFD in the chain, 0 for none. */
  readonly nextIfdOffset: number;
  /** False when the entry table or the next-IFD offset ran past the end of the buffer. */
  readonly isComplete: boolean;
}

const ENTRY_SIZE = 12;

/**
 * Reads the IFD at `offset`. Returns null when not even its entry count is in bounds. An entry
 * table cut off by the end of the buffer yields the entries that fit.
 */
export function readIfd(reader: TiffReader, offset: number): Ifd | null {
  const declaredCount = reader.readUint16(offset);
  if (declaredCount === null) {
    return null;
  }
  const tableStart = offset + 2;
  const fittingCount = Math.floor((reader.bytes.length - tableStart) / ENTRY_SIZE);
  const count = Math.min(declaredCount, Math.max(fittingCount, 0));
  const entries: IfdEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    entries.push(readEntry(reader, tableStart + index * ENTRY_SIZE));
  }
  const nextIfdOffset = reader.readUint32(tableStart + declaredCount * ENTRY_SIZE);
  return {
    entries,
    nextIfdOffset: nextIfdOffset ?? 0,
    isComplete: count === declaredCount && nextIfdOffset !== null,
  };
}

function readEntry(reader: TiffReader, entryOffset: number): IfdEntry {
  // The caller checked that all 12 bytes are in bounds, so these reads cannot return null.
  const tag = reader.readUint16(entryOffset) ?? 0;
  const type = reader.readUint16(entryOffset + 2) ?? 0;
  const count = reader.readUint32(entryOffset + 4) ?? 0;
  const typeSize = getTiffTypeSize(type);
  const valueLength = typeSize === null ? null : typeSize * count;
  const inline = valueLength !== null && valueLength <= 4;
  const valueOffset = inline ? entryOffset + 8 : (reader.readUint32(entryOffset + 8) ?? 0);
  return { tag, type, count, valueOffset, valueLength };
}
