import { AppError } from '../../shared/errors.js';

/** Bits of the VP8X flags byte. The others are reserved and must be zero. */
export const VP8X_FLAG = {
  icc: 0x20,
  alpha: 0x10,
  exif: 0x08,
  xmp: 0x04,
  animation: 0x02,
} as const;

/** The VP8X payload: one flags byte, three reserved bytes, then two 24-bit canvas sizes. */
export const VP8X_DATA_SIZE = 10;

/**
 * The WebP container specification (RFC 9649, section 2.7) caps the product of canvas width
 * and height at 2^32 - 1, and libwebp's `ParseVP8X` (`src/dec/webp_dec.c`) rejects more.
 */
const MAX_CANVAS_AREA = 2 ** 32 - 1;

/** The fields of a VP8X chunk. */
export interface Vp8xHeader {
  readonly flags: number;
  /** Canvas width in pixels, 1..2^24. */
  readonly canvasWidth: number;
  /** Canvas height in pixels, 1..2^24. */
  readonly canvasHeight: number;
}

/**
 * Reads a VP8X payload.
 *
 * @throws {AppError} `E_CORRUPT` when the payload is not 10 bytes (libwebp's `ParseVP8X`
 *   rejects other sizes too) or the canvas has more pixels than the WebP format allows.
 */
export function readVp8xHeader(data: Uint8Array): Vp8xHeader {
  if (data.length !== VP8X_DATA_SIZE) {
    throw new AppError(
      'E_CORRUPT',
      `The WebP VP8X chunk has ${data.length} bytes instead of ${VP8X_DATA_SIZE}.`,
    );
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const canvasWidth = readUint24(view, 4) + 1;
  const canvasHeight = readUint24(view, 7) + 1;
  if (canvasWidth * canvasHeight > MAX_CANVAS_AREA) {
    throw new AppError(
      'E_CORRUPT',
      `The WebP VP8X chunk declares a ${canvasWidth}×${canvasHeight} canvas, more than the 2^32 - 1 pixels the format allows.`,
    );
  }
  return { flags: data[0] ?? 0, canvasWidth, canvasHeight };
}

/** Encodes a VP8X payload with zero reserved bytes. */
export function encodeVp8xData(header: Vp8xHeader): Uint8Array {
  const data = new Uint8Array(VP8X_DATA_SIZE);
  const view = new DataView(data.buffer);
  data[0] = header.flags;
  writeUint24(view, 4, header.canvasWidth - 1);
  writeUint24(view, 7, header.canvasHeight - 1);
  return data;
}

function readUint24(view: DataView, offset: number): number {
  return view.getUint16(offset, true) + (view.getUint8(offset + 2) << 16);
}

function writeUint24(view: DataView, offset: number, value: number): void {
  view.setUint16(offset, value & 0xffff, true);
  view.setUint8(offset + 2, value >>> 16);
}
