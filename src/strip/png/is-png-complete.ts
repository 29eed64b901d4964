import { crc32 } from 'node:zlib';
import { MAX_PNG_CHUNKS, PNG_SIGNATURE } from './walk-png-chunks.js';

/** CRC-32 of the four bytes `IEND`, which is the whole CRC of an empty IEND chunk. */
const IEND_CRC = crc32(Buffer.from('IEND', 'latin1'));

/** The chunk type `IEND` as a big-endian 32-bit number. */
const IEND_TYPE = 0x49454e44;

/**
 * Returns true when following the chunk lengths from the signature reaches an empty IEND
 * chunk with a valid CRC. A file still being written returns false. This check reads only
 * the length and type fields, so a file with a bad CRC elsewhere counts as complete and is
 * rejected later by the stripper. A file with more than {@link MAX_PNG_CHUNKS} chunks before
 * IEND counts as complete too, because the stripper rejects it whatever follows.
 *
 * It runs on the daemon's main thread each time a file settles, so it allocates nothing and
 * stops after that many chunks.
 */
export function isPngComplete(bytes: Uint8Array): boolean {
  for (let i = 0; i < PNG_SIGNATURE.length; i += 1) {
    if (bytes[i] !== PNG_SIGNATURE[i]) {
      return false;
    }
  }
  let offset = PNG_SIGNATURE.length;
  for (let chunks = 0; offset + 12 <= bytes.length; chunks += 1) {
    if (chunks === MAX_PNG_CHUNKS) {
      return true;
    }
    const length = readUint32(bytes, offset);
    if (readUint32(bytes, offset + 4) === IEND_TYPE) {
      return length === 0 && readUint32(bytes, offset + 8) === IEND_CRC;
    }
    offset += 12 + length;
  }
  return false;
}

/** Reads a big-endian 32-bit number without creating a DataView. */
function readUint32(bytes: Uint8Array, offset: number): number {
  const high = ((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16);
  return (high | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}
