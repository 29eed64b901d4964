/**
 * Builds a big-endian byte sequence field by field, for the boxes the HEIF rewrite emits.
 * Values are checked to fit their field, so a wrong size never wraps silently.
 */
export class ByteWriter {
  readonly #parts: Uint8Array[] = [];
  #length = 0;

  /** The number of bytes written so far. */
  get length(): number {
    return this.#length;
  }

  writeUint8(value: number): this {
    return this.writeUintOfSize(value, 1);
  }

  writeUint16(value: number): this {
    return this.writeUintOfSize(value, 2);
  }

  writeUint32(value: number): this {
    return this.writeUintOfSize(value, 4);
  }

  /**
   * Writes `value` in `size` bytes (0, 1, 2, 4 or 8). A 0-byte field writes nothing.
   *
   * @throws RangeError when `value` is not a non-negative safe integer that fits the field.
   */
  writeUintOfSize(value: number, size: number): this {
    const max = size >= 8 ? Number.MAX_SAFE_INTEGER : 2 ** (size * 8) - 1;
    if (
      !Number.isSafeInteger(value) ||
      value < 0 ||
      value > max ||
      ![0, 1, 2, 4, 8].includes(size)
    ) {
      throw new RangeError(`\`value\` must fit ${size} bytes; received ${String(value)}`);
    }
    const bytes = new Uint8Array(size);
    let rest = value;
    for (let index = size - 1; index >= 0; index -= 1) {
      bytes[index] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    return this.writeBytes(bytes);
  }

  /** Writes a four-character code, one byte per character. */
  writeFourCc(code: string): this {
    if (code.length !== 4) {
      throw new RangeError(`\`code\` must have 4 characters; received ${code.length}`);
    }
    return this.writeBytes(Buffer.from(code, 'latin1'));
  }

  writeBytes(bytes: Uint8Array): this {
    this.#parts.push(bytes);
    this.#length += bytes.length;
    return this;
  }

  /** Returns everything written, as one new array. */
  toBytes(): Uint8Array {
    const output = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      output.set(part, offset);
      offset += part.length;
    }
    return output;
  }
}
