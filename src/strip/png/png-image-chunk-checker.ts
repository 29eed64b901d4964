import { AppError } from '../../shared/errors.js';
import type { PngHeader } from './read-png-header.js';
import type { PngChunk } from './walk-png-chunks.js';

/** Data lengths that the PNG specification fixes for these chunk types. */
const FIXED_LENGTHS: ReadonlyMap<string, number> = new Map([
  ['gAMA', 4],
  ['cHRM', 32],
  ['sRGB', 1],
  ['pHYs', 9],
  ['cICP', 4],
  ['cLLI', 8],
  ['mDCV', 24],
]);

/** Samples per pixel for each colour type, which sets the length of sBIT, bKGD and tRNS. */
const CHANNELS: ReadonlyMap<number, number> = new Map([
  [0, 1],
  [2, 3],
  [3, 1],
  [4, 2],
  [6, 4],
]);

/**
 * Checks the contents of the chunks the stripper copies byte for byte (PLTE and the colour,
 * transparency, background and physical-size chunks) against the PNG specification, one chunk
 * at a time in file order. Each type may appear once, with the length its type and the image's
 * colour type require and with values in range. Palette indexes must exist in PLTE.
 *
 * An invalid chunk makes the file corrupt instead of being dropped, because decoders differ on
 * whether they ignore it, so dropping it could change the picture. Checking the layout also
 * leaves no room for bytes appended to a chunk that is otherwise kept untouched.
 */
export class PngImageChunkChecker {
  readonly #header: PngHeader;
  readonly #seen = new Set<string>();
  #paletteEntries: number | null = null;
  #isAfterImageData = false;

  constructor(header: PngHeader) {
    this.#header = header;
  }

  /**
   * Checks one chunk. Pass every chunk of the file in order, so the checker can track where
   * PLTE and IDAT are.
   *
   * @throws {AppError} `E_CORRUPT` naming the chunk and the rule it breaks.
   */
  check(chunk: PngChunk): void {
    if (chunk.type === 'IDAT') {
      this.#checkImageDataStart(chunk);
      return;
    }
    const problem = this.#findProblem(chunk.type, chunk.data);
    if (problem !== null) {
      throw new AppError(
        'E_CORRUPT',
        `The PNG ${chunk.type} chunk at byte ${chunk.start} ${problem}. The file is corrupt, and dropping the chunk could change how the image looks.`,
      );
    }
  }

  #checkImageDataStart(chunk: PngChunk): void {
    if (!this.#isAfterImageData && this.#header.colorType === 3 && this.#paletteEntries === null) {
      throw new AppError(
        'E_CORRUPT',
        `The indexed-colour PNG has no PLTE chunk before its image data at byte ${chunk.start}.`,
      );
    }
    this.#isAfterImageData = true;
  }

  /** Returns what is wrong with a chunk, or null when it is valid or not checked here. */
  #findProblem(type: string, data: Uint8Array): string | null {
    const fixedLength = FIXED_LENGTHS.get(type);
    const isChecked = fixedLength !== undefined || ['PLTE', 'sBIT', 'bKGD', 'tRNS'].includes(type);
    if (!isChecked) {
      return null;
    }
    if (this.#seen.has(type)) {
      return 'appears a second time';
    }
    this.#seen.add(type);
    if (fixedLength !== undefined && data.length !== fixedLength) {
      return `has ${data.length} data bytes instead of ${fixedLength}`;
    }
    switch (type) {
      case 'PLTE':
        return this.#findPaletteProblem(data);
      case 'sBIT':
        return this.#findSignificantBitsProblem(data);
      case 'bKGD':
        return this.#findBackgroundProblem(data);
      case 'tRNS':
        return this.#findTransparencyProblem(data);
      default:
        return findFixedValueProblem(type, data);
    }
  }

  #findPaletteProblem(data: Uint8Array): string | null {
    const { colorType, bitDepth } = this.#header;
    const entries = data.length / 3;
    if (this.#isAfterImageData) {
      return 'comes after the image data';
    }
    if (colorType === 0 || colorType === 4) {
      return 'appears in a greyscale image';
    }
    if (!Number.isInteger(entries) || entries < 1 || entries > 256) {
      return `has ${data.length} data bytes, not 1 to 256 RGB entries`;
    }
    if (colorType === 3 && entries > 2 ** bitDepth) {
      return `has ${entries} entries, more than a bit depth of ${bitDepth} can index`;
    }
    this.#paletteEntries = entries;
    return null;
  }

  #findSignificantBitsProblem(data: Uint8Array): string | null {
    const { colorType, bitDepth } = this.#header;
    // Indexed images store 8-bit palette samples whatever their index depth.
    const sampleDepth = colorType === 3 ? 8 : bitDepth;
    const expected = colorType === 3 ? 3 : (CHANNELS.get(colorType) ?? 0);
    if (data.length !== expected) {
      return `has ${data.length} data bytes instead of ${expected} for colour type ${colorType}`;
    }
    if (data.some((bits) => bits === 0 || bits > sampleDepth)) {
      return `gives a significant bit count outside 1 to ${sampleDepth}`;
    }
    return null;
  }

  #findBackgroundProblem(data: Uint8Array): string | null {
    if (this.#header.colorType === 3) {
      return this.#findPaletteIndexProblem(data, 1);
    }
    const samples = this.#header.colorType === 0 || this.#header.colorType === 4 ? 1 : 3;
    return this.#findSampleProblem(data, samples);
  }

  #findTransparencyProblem(data: Uint8Array): string | null {
    switch (this.#header.colorType) {
      case 0:
        return this.#findSampleProblem(data, 1);
      case 2:
        return this.#findSampleProblem(data, 3);
      case 3:
        return this.#findPaletteIndexProblem(data, null);
      default:
        return 'appears in an image that has an alpha channel';
    }
  }

  /**
   * Checks a chunk that refers to the palette: bKGD contains one index (`fixedLength` 1), tRNS
   * one alpha value for each of at most all palette entries (`fixedLength` null).
   */
  #findPaletteIndexProblem(data: Uint8Array, fixedLength: number | null): string | null {
    const entries = this.#paletteEntries;
    if (entries === null || this.#isAfterImageData) {
      return 'is not between PLTE and the image data';
    }
    if (fixedLength !== null) {
      const index = data[0] ?? 0;
      return data.length === fixedLength && index < entries
        ? null
        : `does not hold one index into the ${entries}-entry palette`;
    }
    return data.length >= 1 && data.length <= entries
      ? null
      : `has ${data.length} alpha values for a ${entries}-entry palette`;
  }

  /** Checks `samples` 16-bit values that must fit the image's bit depth. */
  #findSampleProblem(data: Uint8Array, samples: number): string | null {
    if (data.length !== samples * 2) {
      return `has ${data.length} data bytes instead of ${samples * 2}`;
    }
    const limit = 2 ** this.#header.bitDepth;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let offset = 0; offset < data.length; offset += 2) {
      if (view.getUint16(offset) >= limit) {
        return `holds a sample value too large for a bit depth of ${this.#header.bitDepth}`;
      }
    }
    return null;
  }
}

/** Checks the values of fixed-length chunks that have a closed set of valid values. */
function findFixedValueProblem(type: string, data: Uint8Array): string | null {
  switch (type) {
    case 'gAMA':
      return data.every((byte) => byte === 0) ? 'gives a gamma of zero' : null;
    case 'sRGB':
      return (data[0] ?? 0) > 3 ? 'gives an unknown rendering intent' : null;
    case 'pHYs':
      return (data[8] ?? 0) > 1 ? 'gives an unknown unit' : null;
    case 'cICP':
      // PNG stores RGB samples only, so the matrix coefficients must be 0 (identity).
      return data[2] !== 0 || (data[3] ?? 0) > 1
        ? 'gives matrix coefficients or a range flag PNG does not allow'
        : null;
    default:
      return null;
  }
}
