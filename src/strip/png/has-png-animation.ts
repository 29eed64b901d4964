import { AppError } from '../../shared/errors.js';
import type { PngHeader } from './read-png-header.js';
import type { PngChunk } from './walk-png-chunks.js';

/**
 * Returns true when the file is an APNG, which the APNG specification defines by an `acTL`
 * chunk before the first IDAT. It checks the animation chunks of an APNG first: one `acTL`
 * whose frame count matches the `fcTL` chunks, sequence numbers counting up from 0 without
 * gaps, frames inside the canvas, and `fdAT` data after every `fcTL` that follows IDAT.
 * Without that early `acTL`, decoders ignore `acTL`, `fcTL` and `fdAT`, so the stripper may
 * drop them.
 *
 * @throws {AppError} `E_CORRUPT` for an APNG whose animation chunks break those rules, because
 *   decoders then disagree on which frames they show.
 */
export function hasPngAnimation(chunks: readonly PngChunk[], header: PngHeader): boolean {
  const firstImageData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
  const control = chunks.findIndex((chunk) => chunk.type === 'acTL');
  if (control < 0 || control > firstImageData) {
    return false;
  }
  const frameCount = readFrameCount(chunks[control]);
  let sequence = 0;
  let frames = 0;
  let isAfterImageData = false;
  // Whether the last fcTL takes its data from fdAT chunks, and whether one has followed yet.
  let isFdatFrame = false;
  let isAwaitingFrameData = false;

  for (const chunk of chunks) {
    isAfterImageData ||= chunk.type === 'IDAT';
    if (chunk.type === 'acTL' && chunk !== chunks[control]) {
      throw createAnimationError(chunk, 'is a second acTL chunk');
    }
    if (chunk.type === 'fcTL') {
      // Only the default image's fcTL precedes IDAT, and every later frame needs fdAT data.
      if (isAwaitingFrameData || (!isAfterImageData && frames > 0)) {
        throw createAnimationError(chunk, 'follows a frame that has no frame data');
      }
      checkFrameControl(chunk, header, isAfterImageData);
      frames += 1;
      isFdatFrame = isAfterImageData;
      isAwaitingFrameData = isAfterImageData;
    }
    if (chunk.type === 'fdAT') {
      if (!isFdatFrame || chunk.data.length < 4) {
        throw createAnimationError(chunk, 'is not frame data after an fcTL chunk');
      }
      isAwaitingFrameData = false;
    }
    if (chunk.type === 'fcTL' || chunk.type === 'fdAT') {
      const found = readUint32(chunk.data, 0);
      if (found !== sequence) {
        throw createAnimationError(chunk, `has sequence number ${found} instead of ${sequence}`);
      }
      sequence += 1;
    }
  }
  if (isAwaitingFrameData || frames !== frameCount) {
    throw new AppError(
      'E_CORRUPT',
      `The APNG file declares ${frameCount} frames in acTL but holds ${frames} complete ones.`,
    );
  }
  return true;
}

function readFrameCount(chunk: PngChunk | undefined): number {
  const data = chunk?.data;
  if (chunk === undefined || data?.length !== 8 || readUint32(data, 0) === 0) {
    throw new AppError(
      'E_CORRUPT',
      'The APNG acTL chunk does not hold 8 bytes with at least one frame.',
    );
  }
  return readUint32(data, 0);
}

/** Checks an fcTL chunk's layout and that its frame lies inside the canvas. */
function checkFrameControl(chunk: PngChunk, header: PngHeader, isAfterImageData: boolean): void {
  const data = chunk.data;
  if (data.length !== 26) {
    throw createAnimationError(chunk, `has ${data.length} data bytes instead of 26`);
  }
  const width = readUint32(data, 4);
  const height = readUint32(data, 8);
  const left = readUint32(data, 12);
  const top = readUint32(data, 16);
  const disposal = data[24] ?? 0;
  const blending = data[25] ?? 0;
  const isInsideCanvas =
    width > 0 && height > 0 && left + width <= header.width && top + height <= header.height;
  if (!isInsideCanvas || disposal > 2 || blending > 1) {
    throw createAnimationError(chunk, 'describes a frame outside the canvas or unknown operations');
  }
  // The default image is the first frame when its fcTL precedes IDAT, so it covers the canvas.
  const isWholeCanvas = left === 0 && top === 0 && width === header.width;
  if (!isAfterImageData && !(isWholeCanvas && height === header.height)) {
    throw createAnimationError(chunk, 'precedes the image data but does not cover the canvas');
  }
}

function readUint32(data: Uint8Array, offset: number): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(offset);
}

function createAnimationError(chunk: PngChunk, problem: string): AppError {
  return new AppError(
    'E_CORRUPT',
    `The APNG ${chunk.type} chunk at byte ${chunk.start} ${problem}, so decoders disagree on the animation.`,
  );
}
