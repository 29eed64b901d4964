import { AppError } from '../../shared/errors.js';
import { ANMF_HEADER_SIZE } from './check-webp-layout.js';
import { CHUNK_HEADER_SIZE, readWebpChunks, type WebpChunk } from './walk-webp-chunks.js';

/** An `ANMF` chunk split into its frame header and the chunks of its frame data. */
export interface AnimationFrame {
  /** Offsets, size, duration and blending flags of the frame: 16 bytes. */
  readonly header: Uint8Array;
  /** Every chunk of the frame data, in order: image data and any unknown chunks. */
  readonly chunks: readonly WebpChunk[];
}

/**
 * Splits an `ANMF` chunk of `bytes` (the whole file) into its header and chunks, and checks
 * that the frame has one `VP8 ` or `VP8L` chunk with at most one `ALPH` before it.
 *
 * @throws {AppError} `E_CORRUPT` when a chunk runs past the frame or the image data breaks
 *   that rule.
 */
export function readAnimationFrame(bytes: Uint8Array, frame: WebpChunk): AnimationFrame {
  const dataStart = frame.start + CHUNK_HEADER_SIZE;
  const where = `the 'ANMF' chunk at byte ${frame.start}`;
  const chunks = readWebpChunks(
    bytes,
    dataStart + ANMF_HEADER_SIZE,
    dataStart + frame.data.length,
    where,
  );
  const images = chunks.filter((chunk) => chunk.fourcc === 'VP8 ' || chunk.fourcc === 'VP8L');
  const alphas = chunks.filter((chunk) => chunk.fourcc === 'ALPH');
  const [image] = images;
  const [alpha] = alphas;
  const isValid =
    image !== undefined &&
    images.length === 1 &&
    alphas.length <= 1 &&
    (alpha === undefined || alpha.start < image.start) &&
    !chunks.some((chunk) => ['VP8X', 'ANIM', 'ANMF'].includes(chunk.fourcc));
  if (!isValid) {
    throw new AppError(
      'E_CORRUPT',
      `The WebP file is malformed: ${where} does not hold one VP8 or VP8L chunk with at most one ALPH chunk before it.`,
    );
  }
  return { header: frame.data.subarray(0, ANMF_HEADER_SIZE), chunks };
}
