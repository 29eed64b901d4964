/**
 * The gaps up to this size between referenced ranges are alignment padding: writers pad values
 * and IFDs to 2-byte (TIFF 6.0) or 4-byte boundaries. A gap of this size or more is data that
 * nothing in the file references, which may be metadata left behind by an earlier edit.
 */
export const MAX_PADDING = 3;

/** A set of byte ranges of a file, for finding the bytes that no structure references. */
export class ByteRanges {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  /** Adds `length` bytes from `start`; empty ranges are ignored. */
  add(start: number, length: number): void {
    if (length > 0) {
      this.#starts.push(start);
      this.#ends.push(start + length);
    }
  }

  /**
   * Returns the number of bytes of a `fileLength`-byte file that lie in gaps longer than
   * {@link MAX_PADDING} between, before or after the ranges.
   */
  countUnreferencedBytes(fileLength: number): number {
    const order = this.#starts.map((_, index) => index);
    order.sort((a, b) => (this.#starts[a] ?? 0) - (this.#starts[b] ?? 0));
    let covered = 0;
    let unreferenced = 0;
    for (const index of order) {
      const start = this.#starts[index] ?? 0;
      unreferenced += countGap(start - covered);
      covered = Math.max(covered, this.#ends[index] ?? 0);
    }
    return unreferenced + countGap(fileLength - covered);
  }
}

function countGap(length: number): number {
  return length > MAX_PADDING ? length : 0;
}
