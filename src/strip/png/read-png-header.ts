import { AppError } from '../../shared/errors.js';

/** The fields of a PNG IHDR chunk that decide how the other chunks are read. */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  /** Bits per sample, or per palette index for colour type 3. */
  readonly bitDepth: number;
  /** 0 greyscale, 2 truecolour, 3 indexed, 4 greyscale with alpha, 6 truecolour with alpha. */
  readonly colorType: number;
  /** True for Adam7 interlacing. */
  readonly isInterlaced: boolean;
}

/** The bit depths the PNG specification allows for each colour type. */
const BIT_DEPTHS: ReadonlyMap<number, readonly number[]> = new Map([
  [0, [1, 2, 4, 8, 16]],
  [2, [8, 16]],
  [3, [1, 2, 4, 8]],
  [4, [8, 16]],
  [6, [8, 16]],
]);

/** The PNG specification caps width and height at 2^31 - 1. */
const MAX_DIMENSION = 0x7fff_ffff;

/**
 * Reads and validates the 13 data bytes of an IHDR chunk: non-zero dimensions up to 2^31 - 1,
 * a bit depth allowed for the colour type, and compression, filter and interlace methods
 * defined by the PNG specification.
 *
 * @throws {AppError} `E_CORRUPT` naming the first invalid field.
 */
export function readPngHeader(data: Uint8Array): PngHeader {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth = 0, colorType = 0, compression, filter, interlace] = data.subarray(8, 13);

  if (width === 0 || height === 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    throw createHeaderError(`dimensions ${width}×${height}`);
  }
  if (BIT_DEPTHS.get(colorType)?.includes(bitDepth) !== true) {
    throw createHeaderError(`colour type ${colorType} with bit depth ${bitDepth}`);
  }
  if (compression !== 0 || filter !== 0 || (interlace !== 0 && interlace !== 1)) {
    throw createHeaderError('compression, filter or interlace method');
  }
  return { width, height, bitDepth, colorType, isInterlaced: interlace === 1 };
}

function createHeaderError(field: string): AppError {
  return new AppError(
    'E_CORRUPT',
    `The PNG IHDR chunk has invalid ${field}, so the file cannot be decoded.`,
  );
}
