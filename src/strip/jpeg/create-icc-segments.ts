import { JPEG_MARKER } from './jpeg-markers.js';

/** "ICC_PROFILE\0", then the chunk's sequence number and the chunk count, one byte each. */
const ICC_HEADER_SIZE = 14;

/** The largest profile chunk one APP2 segment can carry. */
const MAX_CHUNK_SIZE = 0xffff - 2 - ICC_HEADER_SIZE;

/**
 * Splits an ICC profile into APP2 segments the way the ICC specification (Annex B) embeds it
 * in JPEG: numbered chunks of at most 65519 bytes, each with the total chunk count.
 */
export function createIccSegments(profile: Uint8Array): Uint8Array[] {
  const count = Math.max(1, Math.ceil(profile.length / MAX_CHUNK_SIZE));
  if (count > 255) {
    throw new RangeError(`\`profile\` must fit 255 APP2 chunks; received ${profile.length} bytes`);
  }
  const segments: Uint8Array[] = [];
  for (let index = 0; index < count; index += 1) {
    const chunk = profile.subarray(index * MAX_CHUNK_SIZE, (index + 1) * MAX_CHUNK_SIZE);
    const length = 2 + ICC_HEADER_SIZE + chunk.length;
    const segment = new Uint8Array(2 + length);
    segment.set([0xff, JPEG_MARKER.app2, length >> 8, length & 0xff]);
    segment.set(Buffer.from('ICC_PROFILE\0', 'latin1'), 4);
    segment.set([index + 1, count], 16);
    segment.set(chunk, 4 + ICC_HEADER_SIZE);
    segments.push(segment);
  }
  return segments;
}
