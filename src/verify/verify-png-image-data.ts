import { AppError } from '../shared/errors.js';
import type { PngChunk } from '../strip/png/walk-png-chunks.js';
import { inflatePngStream } from './inflate-png-stream.js';
import type { VerifiedPngHeader } from './read-verified-png-header.js';
import type { VerifiedPngFrame } from './verify-png-animation.js';

/**
 * The maximum size one zlib stream of image data may inflate to, which bounds the memory the
 * check uses at once: 1 GiB. That fits 268,402,689 pixels of 8-bit RGBA, sharp's default
 * `limitInputPixels`, which MetaClear also gives sharp.
 */
export const MAX_INFLATED_STREAM_BYTES = 1024 * 1024 * 1024;

/**
 * The maximum size all image data of one file may inflate to, which bounds the time: 2 GiB.
 * That is an estimated 5 to 10 s on a busy 2-core VM, where zlib inflated screen-like frames at
 * 200 to 400 MB/s.
 *
 * NOTE: a PNG past either bound fails the structure check, because nothing after its zlib
 * streams can be ruled out. Examples: over 268 megapixels of 8-bit RGBA in one image, or an
 * APNG with more than about 250 full-HD RGBA frames.
 */
export const MAX_INFLATED_IMAGE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * The maximum output of one byte of zlib data. A deflate match of 258 bytes takes at least
 * 2 bits, which gives 1032 bytes per input byte, and 1040 leaves room for block headers.
 */
const MAX_DEFLATE_RATIO = 1040;

/** Adam7 passes: column and row of the first pixel, then the column and row steps. */
const ADAM7_PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Inflates the image data of a cleaned PNG: the joined IDAT data, and the joined `fdAT` data
 * of each APNG frame. Each zlib stream must produce exactly the filtered scanlines its
 * dimensions need and end exactly at the end of its data, so nothing else can hide there
 * apart from the choice of compressed encoding itself. Pixels are never unfiltered.
 *
 * On a 2-core VM, `scripts/measure-png-image-data-check.js` timed the whole structure check at
 * about 0.6 s for a 42 MB, 24-megapixel RGB PNG (stripping took 0.2 s), mostly this inflation.
 * Its 72 MB of scanlines stay in memory until the next garbage collection.
 *
 * The check runs after the copied chunks are proven identical to the input's, so a fault it
 * finds lies in the input, and it blames the input with `E_CORRUPT`.
 *
 * @throws {AppError} `E_CORRUPT` naming the stream and what is wrong with it, and
 *   `E_FILE_TOO_LARGE` when the image data would inflate past
 *   {@link MAX_INFLATED_STREAM_BYTES} or {@link MAX_INFLATED_IMAGE_BYTES}.
 */
export function verifyPngImageData(
  file: Uint8Array,
  chunks: readonly PngChunk[],
  header: VerifiedPngHeader,
  frames: readonly VerifiedPngFrame[],
): void {
  const streams = [
    {
      name: 'IDAT data',
      width: header.width,
      height: header.height,
      chunks: chunks.filter((chunk) => chunk.type === 'IDAT'),
      skip: 0,
    },
    // Each fdAT chunk's data starts with its 4-byte sequence number.
    ...frames.map((frame, i) => ({ ...frame, name: `fdAT data of APNG frame ${i + 1}`, skip: 4 })),
  ];
  let budget = MAX_INFLATED_IMAGE_BYTES;
  for (const stream of streams) {
    const expected = measureScanlines(stream.width, stream.height, header);
    const compressedLength = stream.chunks.reduce(
      (sum, chunk) => sum + chunk.dataLength - stream.skip,
      0,
    );
    if (expected > compressedLength * MAX_DEFLATE_RATIO) {
      throw createCorruptError(stream.name, `is too short to inflate to the ${expected} bytes`);
    }
    if (expected > MAX_INFLATED_STREAM_BYTES || expected > budget) {
      throw new AppError(
        'E_FILE_TOO_LARGE',
        `The PNG's image data inflates to more than MetaClear checks (${MAX_INFLATED_STREAM_BYTES} bytes per image, ${MAX_INFLATED_IMAGE_BYTES} per file), so bytes hidden after it cannot be ruled out.`,
      );
    }
    budget -= expected;
    checkStream(stream.name, joinData(file, stream.chunks, stream.skip), expected);
  }
}

function checkStream(name: string, compressed: Uint8Array, expected: number): void {
  const inflated = inflatePngStream(compressed, expected, expected);
  if (inflated.status !== 'complete') {
    const problems = {
      'too-large': `inflates to more than the ${expected} bytes the image needs`,
      truncated: 'ends inside its zlib stream',
      invalid: 'is not a valid zlib stream',
    };
    throw createCorruptError(name, problems[inflated.status]);
  }
  if (inflated.output.length !== expected) {
    const found = inflated.output.length;
    throw createCorruptError(name, `inflates to ${found} bytes instead of ${expected}`);
  }
  if (inflated.consumed !== compressed.length) {
    const extra = compressed.length - inflated.consumed;
    throw createCorruptError(name, `has ${extra} bytes after the end of its zlib stream`);
  }
}

/** Returns the size of the filtered scanlines: one filter byte plus the packed pixels per row. */
function measureScanlines(width: number, height: number, header: VerifiedPngHeader): number {
  const bitsPerPixel = header.bitDepth * header.samples;
  const measurePass = (columns: number, rows: number): number =>
    columns === 0 || rows === 0 ? 0 : rows * (1 + Math.ceil((columns * bitsPerPixel) / 8));
  if (!header.isInterlaced) {
    return measurePass(width, height);
  }
  let total = 0;
  for (const [column, row, columnStep, rowStep] of ADAM7_PASSES) {
    const columns = Math.max(0, Math.ceil((width - column) / columnStep));
    const rows = Math.max(0, Math.ceil((height - row) / rowStep));
    total += measurePass(columns, rows);
  }
  return total;
}

/**
 * Returns the data of `chunks` joined, each without its first `skip` bytes: a view for a
 * single chunk, else one copy made without a view per chunk.
 */
function joinData(file: Uint8Array, chunks: readonly PngChunk[], skip: number): Uint8Array {
  const [only] = chunks;
  if (chunks.length === 1 && only !== undefined) {
    return only.data.subarray(skip);
  }
  const source = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const joined = Buffer.allocUnsafe(
    chunks.reduce((sum, chunk) => sum + chunk.dataLength - skip, 0),
  );
  let position = 0;
  for (const chunk of chunks) {
    position += source.copy(joined, position, chunk.start + 8 + skip, chunk.end - 4);
  }
  return joined;
}

function createCorruptError(name: string, problem: string): AppError {
  return new AppError(
    'E_CORRUPT',
    `The PNG's ${name} ${problem}. Cleaning copies it from the input as it is, so the input is corrupt.`,
  );
}
