import { JPEG_MARKER } from './jpeg-markers.js';
import type { JpegSegment } from './read-jpeg-segments.js';

/**
 * The part of an Adobe APP14 payload that decoders read: "Adobe", the DCTEncode version, the
 * two flag words and the colour transform. libjpeg's jdmarker.c reads these 12 bytes and skips
 * the rest of the segment.
 */
const ADOBE_PAYLOAD_SIZE = 12;

/**
 * Returns an Adobe APP14 segment cut to its 12-byte payload. That is the input's own bytes when
 * it has no more, a new segment when it had extra bytes, and null when it is too short for
 * decoders to read at all. The segment cannot simply go, because its colour transform tells
 * decoders whether 3 components are RGB or YCbCr and 4 are CMYK or YCCK. libvips (jpeg2vips.c)
 * also inverts CMYK samples only when the segment is present.
 */
export function rewriteAdobeSegment(segment: JpegSegment): Uint8Array | null {
  const { payload } = segment;
  if (payload.length < ADOBE_PAYLOAD_SIZE) {
    return null;
  }
  if (payload.length === ADOBE_PAYLOAD_SIZE) {
    return segment.bytes;
  }
  const output = new Uint8Array(4 + ADOBE_PAYLOAD_SIZE);
  output.set([0xff, JPEG_MARKER.app14, 0x00, 2 + ADOBE_PAYLOAD_SIZE]);
  output.set(payload.subarray(0, ADOBE_PAYLOAD_SIZE), 4);
  return output;
}
