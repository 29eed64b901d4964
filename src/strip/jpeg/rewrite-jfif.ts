import type { JpegSegment } from './read-jpeg-segments.js';

/** A JFIF APP0 segment rewritten without its thumbnail. */
export interface JfifRewrite {
  /** The 18-byte segment (marker, length 16, payload) with a 0×0 thumbnail. */
  readonly segment: Uint8Array;
  /** True when the input segment was already exactly that, byte for byte. */
  readonly isUnchanged: boolean;
  /** True when the input declared an uncompressed thumbnail, even one 0 pixels wide or high. */
  readonly hadThumbnail: boolean;
  /** True when bytes followed the header and thumbnail that JFIF does not define. */
  readonly hadExtraBytes: boolean;
}

/** "JFIF\0", version, units, X and Y density, thumbnail width and height. */
const JFIF_HEADER_SIZE = 14;

/**
 * Rewrites a JFIF APP0 segment with a 0×0 thumbnail, keeping its version, density units and
 * pixel density (the aspect ratio decoders apply). Returns null when the payload is too short
 * to be JFIF.
 */
export function rewriteJfif(segment: JpegSegment): JfifRewrite | null {
  const { payload } = segment;
  if (payload.length < JFIF_HEADER_SIZE) {
    return null;
  }
  const thumbnailWidth = payload[12] ?? 0;
  const thumbnailHeight = payload[13] ?? 0;
  const thumbnailSize = 3 * thumbnailWidth * thumbnailHeight;
  const output = new Uint8Array(4 + JFIF_HEADER_SIZE);
  output.set([0xff, segment.marker, 0x00, 2 + JFIF_HEADER_SIZE]);
  output.set(payload.subarray(0, 12), 4); // thumbnail width and height stay 0
  // A 0×64 thumbnail contains no pixels, but the output must still declare 0×0.
  const hadThumbnail = thumbnailWidth > 0 || thumbnailHeight > 0;
  return {
    segment: output,
    isUnchanged: payload.length === JFIF_HEADER_SIZE && !hadThumbnail,
    hadThumbnail,
    hadExtraBytes: payload.length > JFIF_HEADER_SIZE + thumbnailSize,
  };
}
