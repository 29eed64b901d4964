import { AppError } from '../../shared/errors.js';

/** The picture size stored in a `VP8 ` or `VP8L` bitstream header. */
export interface BitstreamSize {
  readonly width: number;
  readonly height: number;
  /** The VP8L header's alpha hint; always false for lossy `VP8 ` data, whose alpha is in ALPH. */
  readonly hasAlpha: boolean;
}

/** The three bytes after a VP8 key frame's frame tag (RFC 6386, section 9.1). */
const VP8_START_CODE = [0x9d, 0x01, 0x2a];

/** The first byte of every VP8L bitstream. */
const VP8L_SIGNATURE = 0x2f;

/**
 * Reads the picture size from the header of a `VP8 ` (RFC 6386) or `VP8L` (RFC 9649, section
 * 3) payload, without decoding anything else.
 *
 * @throws {AppError} `E_CORRUPT` when the header is too short, is not a VP8 key frame, lacks
 *   the VP8L signature or has an unknown VP8L version.
 */
export function readBitstreamSize(fourcc: 'VP8 ' | 'VP8L', data: Uint8Array): BitstreamSize {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (fourcc === 'VP8 ') {
    const isKeyFrame = data.length >= 10 && ((data[0] ?? 1) & 1) === 0;
    if (!isKeyFrame || !VP8_START_CODE.every((byte, i) => data[3 + i] === byte)) {
      throw createError('VP8 ', 'does not start with a key frame header');
    }
    // The top two bits of each 16-bit field are the upscaling factor, not part of the size.
    const width = view.getUint16(6, true) & 0x3fff;
    const height = view.getUint16(8, true) & 0x3fff;
    return { width, height, hasAlpha: false };
  }
  if (data.length < 5 || data[0] !== VP8L_SIGNATURE) {
    throw createError('VP8L', 'does not start with the VP8L signature');
  }
  const fields = view.getUint32(1, true);
  if (fields >>> 29 !== 0) {
    throw createError('VP8L', 'has an unknown version number');
  }
  return {
    width: (fields & 0x3fff) + 1,
    height: ((fields >>> 14) & 0x3fff) + 1,
    hasAlpha: ((fields >>> 28) & 1) === 1,
  };
}

function createError(fourcc: string, problem: string): AppError {
  return new AppError('E_CORRUPT', `The WebP '${fourcc}' chunk ${problem}.`);
}
