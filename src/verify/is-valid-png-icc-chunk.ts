import { inflatePngStream } from './inflate-png-stream.js';

/** The largest ICC profile accepted in `iCCP`, as the stripper bounds it: 16 MiB. */
const MAX_ICC_BYTES = 16 * 1024 * 1024;

/**
 * Returns true when an `iCCP` chunk's data is a valid keyword, compression method 0, and one
 * zlib stream that ends with the chunk. The stream must inflate, within 16 MiB, to an ICC
 * profile whose size field matches its length and that carries the `acsp` signature. This is
 * written apart from the stripper's check, so that one mistake does not pass both.
 */
export function isValidPngIccChunk(data: Uint8Array): boolean {
  const nameEnd = data.indexOf(0);
  const name = Buffer.from(data.subarray(0, Math.max(0, nameEnd))).toString('latin1');
  // Latin-1 letters, digits, punctuation and single inner spaces, 1 to 79 bytes.
  const isValidName =
    /^[\x21-\x7e\xa1-\xff](?:[\x21-\x7e\xa1-\xff]| (?! ))*$/.test(name) &&
    !name.endsWith(' ') &&
    name.length <= 79;
  if (!isValidName || data[nameEnd + 1] !== 0) {
    return false;
  }
  const compressed = data.subarray(nameEnd + 2);
  const inflated = inflatePngStream(compressed, MAX_ICC_BYTES);
  if (inflated.status !== 'complete' || inflated.consumed !== compressed.length) {
    return false;
  }
  const { output } = inflated;
  const profile = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  return (
    profile.length >= 128 &&
    profile.readUInt32BE(0) === profile.length &&
    profile.toString('latin1', 36, 40) === 'acsp'
  );
}
