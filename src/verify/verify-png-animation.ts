import { AppError } from '../shared/errors.js';
import type { PngChunk } from '../strip/png/walk-png-chunks.js';
import type { VerifiedPngHeader } from './read-verified-png-header.js';

/** One APNG frame stored in `fdAT` chunks: its size and the chunks that hold its data. */
export interface VerifiedPngFrame {
  readonly width: number;
  readonly height: number;
  readonly chunks: readonly PngChunk[];
}

/**
 * Checks the APNG chunks of a cleaned PNG, independently of the stripper, and returns the
 * frames stored in `fdAT` chunks. `acTL`, `fcTL` and `fdAT` may appear only in an APNG, which
 * has its one `acTL` before the first IDAT. There the `fcTL` count must match `acTL`, sequence
 * numbers must count up from 0 without gaps, frames must lie inside the canvas, at most one
 * `fcTL` (covering the canvas) may precede IDAT, and every later `fcTL` needs `fdAT` data.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the first broken rule.
 */
export function verifyPngAnimation(
  chunks: readonly PngChunk[],
  header: VerifiedPngHeader,
): VerifiedPngFrame[] {
  const firstImageData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
  const control = chunks.findIndex((chunk) => chunk.type === 'acTL');
  const hasAnimationChunk = chunks.some((chunk) => chunk.type === 'fcTL' || chunk.type === 'fdAT');
  if (control < 0 && !hasAnimationChunk) {
    return [];
  }
  if (control < 0 || control > firstImageData) {
    fail('has APNG chunks but no acTL chunk before the image data');
  }
  const frames: { width: number; height: number; chunks: PngChunk[] }[] = [];
  let controls = 0;
  let sequence = 0;

  chunks.forEach((chunk, index) => {
    if (chunk.type !== 'fcTL' && chunk.type !== 'fdAT') {
      return;
    }
    const view = new DataView(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
    if (chunk.data.length < 4 || view.getUint32(0) !== sequence) {
      fail(`has an APNG ${chunk.type} chunk out of sequence`);
    }
    sequence += 1;
    const current = frames.at(-1);
    if (chunk.type === 'fdAT') {
      if (index < firstImageData || current === undefined) {
        fail('has an fdAT chunk that belongs to no frame');
      }
      current.chunks.push(chunk);
      return;
    }
    if (current?.chunks.length === 0 || (index < firstImageData && controls > 0)) {
      fail('has an APNG frame without frame data');
    }
    const frame = readFrame(view, header, index < firstImageData);
    controls += 1;
    if (index > firstImageData) {
      frames.push({ ...frame, chunks: [] });
    }
  });

  const frameCount = readFrameCount(chunks[control]?.data);
  if (frames.at(-1)?.chunks.length === 0 || controls !== frameCount) {
    fail(`declares ${frameCount} APNG frames in acTL but holds ${controls} complete ones`);
  }
  return frames;
}

/** Reads the frame count of an `acTL` chunk's data, or -1 when it is not 8 bytes long. */
function readFrameCount(data: Uint8Array | undefined): number {
  if (data?.length !== 8) {
    return -1;
  }
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
}

/** Reads an fcTL chunk's frame and checks it against the canvas and the operation codes. */
function readFrame(
  view: DataView,
  header: VerifiedPngHeader,
  isDefaultImage: boolean,
): { width: number; height: number } {
  if (view.byteLength !== 26) {
    fail('has an fcTL chunk that is not 26 bytes long');
  }
  const width = view.getUint32(4);
  const height = view.getUint32(8);
  const left = view.getUint32(12);
  const top = view.getUint32(16);
  const isInside =
    width > 0 &&
    height > 0 &&
    left + width <= header.width &&
    top + height <= header.height &&
    view.getUint8(24) <= 2 &&
    view.getUint8(25) <= 1;
  const isCanvas = width === header.width && height === header.height && left === 0 && top === 0;
  if (!isInside || (isDefaultImage && !isCanvas)) {
    fail('has an APNG frame outside the canvas or with unknown operations');
  }
  return { width, height };
}

function fail(problem: string): never {
  throw new AppError('E_VERIFY_STRUCTURE', `The cleaned PNG ${problem}.`);
}
