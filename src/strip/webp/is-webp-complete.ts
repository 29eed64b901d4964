import { CHUNK_HEADER_SIZE, WEBP_HEADER_SIZE } from './walk-webp-chunks.js';

/**
 * Returns true when a WebP file is at least as long as its RIFF header declares. Used to tell
 * a file still being copied from one ready to clean. Only a short file returns false: a
 * corrupt one counts as complete, because waiting cannot repair it and the stripper then
 * rejects it with its own code. That includes a short file whose chunks already run past the
 * declared RIFF end, as in fuzzed files that declare a small RIFF and a chunk of gigabytes.
 */
export function isWebpComplete(bytes: Uint8Array): boolean {
  if (bytes.length < WEBP_HEADER_SIZE) {
    return false;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = CHUNK_HEADER_SIZE + view.getUint32(4, true);
  return bytes.length >= riffEnd || hasChunkPastRiffEnd(view, riffEnd);
}

/** Returns true when a chunk whose header is present ends after `riffEnd`. */
function hasChunkPastRiffEnd(view: DataView, riffEnd: number): boolean {
  let offset = WEBP_HEADER_SIZE;
  while (offset + CHUNK_HEADER_SIZE <= view.byteLength) {
    const size = view.getUint32(offset + 4, true);
    // Each step moves at least one chunk header forward, so the loop ends.
    offset += CHUNK_HEADER_SIZE + size + (size % 2);
    if (offset > riffEnd) {
      return true;
    }
  }
  return false;
}
