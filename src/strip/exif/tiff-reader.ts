/** Sizes in bytes of the TIFF field types that EXIF uses, indexed by type number (1..13). */
const TYPE_SIZES: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
};

/** TIFF field type numbers used by name in this module. */
export const TIFF_TYPE = { ascii: 2, short: 3, long: 4, undefined: 7, ifd: 13 } as const;

/** Returns the size in bytes of one value of a TIFF field type, or null for an unknown type. */
export function getTiffTypeSize(type: number): number | null {
  return TYPE_SIZES[type] ?? null;
}

/**
 * Bounds-checked reads from a TIFF structure (an EXIF block from its byte-order mark on).
 * Every read returns null instead of throwing when it would leave the buffer, so a hostile
 * offset can never raise a RangeError.
 */
export class TiffReader {
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  readonly #view: DataView;

  private constructor(bytes: Uint8Array, littleEndian: boolean) {
    this.bytes = bytes;
    this.littleEndian = littleEndian;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Opens `bytes` when they start with a TIFF header (`II*\0` or `MM\0*`), else returns null. */
  static open(bytes: Uint8Array): TiffReader | null {
    if (bytes.length < 8) {
      return null;
    }
    const order = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
    if (order !== 'II' && order !== 'MM') {
      return null;
    }
    const reader = new TiffReader(bytes, order === 'II');
    return reader.readUint16(2) === 42 ? reader : null;
  }

  /** The offset of IFD0, as stored in the header. */
  get firstIfdOffset(): number {
    return this.readUint32(4) ?? 0;
  }

  /** Returns true when `length` bytes starting at `offset` lie inside the buffer. */
  isInBounds(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.bytes.length;
  }

  readUint16(offset: number): number | null {
    return this.isInBounds(offset, 2) ? this.#view.getUint16(offset, this.littleEndian) : null;
  }

  readUint32(offset: number): number | null {
    return this.isInBounds(offset, 4) ? this.#view.getUint32(offset, this.littleEndian) : null;
  }

  /** Returns `length` bytes at `offset` without copying, or null when they run out of bounds. */
  readBytes(offset: number, length: number): Uint8Array | null {
    return this.isInBounds(offset, length) ? this.bytes.subarray(offset, offset + length) : null;
  }
}
