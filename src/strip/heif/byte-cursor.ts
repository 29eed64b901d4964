import { createCorruptError } from './heif-errors.js';

/**
 * Reads big-endian fields from a bounded range of a file. Every read is checked against the
 * range's end, so a field count or size taken from the file can never read past its box.
 */
export class ByteCursor {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #end: number;
  readonly #where: string;
  #offset: number;

  /** Reads `bytes[start, end)`. `where` names the box in error messages. */
  constructor(bytes: Uint8Array, start: number, end: number, where: string) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#offset = start;
    this.#end = end;
    this.#where = where;
  }

  /** The offset of the next byte to read, in the file. */
  get offset(): number {
    return this.#offset;
  }

  /** The number of bytes left before the end of the range. */
  get remaining(): number {
    return this.#end - this.#offset;
  }

  readUint8(): number {
    this.#require(1);
    const value = this.#view.getUint8(this.#offset);
    this.#offset += 1;
    return value;
  }

  readUint16(): number {
    this.#require(2);
    const value = this.#view.getUint16(this.#offset);
    this.#offset += 2;
    return value;
  }

  readUint32(): number {
    this.#require(4);
    const value = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return value;
  }

  /** Reads a 64-bit value, rejecting one beyond 2^53 because no file offset can be that big. */
  readUint64(): number {
    const high = this.readUint32();
    const low = this.readUint32();
    if (high > 0x1fffff) {
      throw createCorruptError(`${this.#where} contains a 64-bit value beyond 2^53`);
    }
    return high * 0x1_0000_0000 + low;
  }

  /** Reads an unsigned integer of 0, 1, 2, 4 or 8 bytes. A 0-byte field reads as 0. */
  readUintOfSize(size: number): number {
    switch (size) {
      case 0:
        return 0;
      case 1:
        return this.readUint8();
      case 2:
        return this.readUint16();
      case 4:
        return this.readUint32();
      case 8:
        return this.readUint64();
      default:
        throw createCorruptError(`${this.#where} declares a field size of ${size} bytes`);
    }
  }

  /** Reads a four-character code such as a box or item type, one byte per character. */
  readFourCc(): string {
    this.#require(4);
    const code = String.fromCharCode(...this.#bytes.subarray(this.#offset, this.#offset + 4));
    this.#offset += 4;
    return code;
  }

  /**
   * Reads a NUL-terminated UTF-8 string. A string that runs to the end of the range without a
   * NUL ends there, because several writers omit the last terminator of a box.
   */
  readString(): string {
    const rest = this.#bytes.subarray(this.#offset, this.#end);
    const nul = rest.indexOf(0);
    const length = nul === -1 ? rest.length : nul;
    const text = Buffer.from(rest.buffer, rest.byteOffset, length).toString('utf8');
    this.#offset += nul === -1 ? length : length + 1;
    return text;
  }

  /** Returns the next `length` bytes without copying them. */
  readBytes(length: number): Uint8Array {
    this.#require(length);
    const bytes = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return bytes;
  }

  #require(length: number): void {
    if (this.#offset + length > this.#end) {
      throw createCorruptError(`${this.#where} ends in the middle of a field`);
    }
  }
}
