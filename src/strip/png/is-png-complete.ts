import { crc32 } from 'node:zlib';
import { hasPngSignature, PNG_SIGNATURE } from './walk-png-chunks.js';

/** CRC-32 of the four bytes `IEND`, which is the whole CRC of an empty IEND chunk. */
const IEND_CRC = crc32(Buffer.from('IEND', 'latin1'));

/**
 * Returns true when following the chunk lengths from the signature reaches an empty IEND
 * chunk with a valid CRC. A file still being written returns false. This check reads only
 * the length and type fields, so a file with a bad CRC elsewhere counts as complete and is
 * rejected later by the stripper.
 */
export function isPngComplete(bytes: Uint8Array): boolean {
  if (!hasPngSignature(bytes)) {
    return false;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_SIGNATURE.length;

  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (isIendType(bytes, offset + 4)) {
      return length === 0 && view.getUint32(offset + 8) === IEND_CRC;
    }
    offset += 12 + length;
  }
  return false;
}

function isIendType(bytes: Uint8Array, offset: number): boolean {
  return (
    bytes[offset] === 0x49 &&
    bytes[offset + 1] === 0x45 &&
    bytes[offset + 2] === 0x4e &&
    bytes[offset + 3] === 0x44
  );
}
