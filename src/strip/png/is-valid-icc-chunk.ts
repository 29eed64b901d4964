import { AppError } from '../../shared/errors.js';
import { inflateBounded } from './inflate-bounded.js';

/**
 * The largest ICC profile MetaClear inflates from an `iCCP` chunk: 16 MiB, a little above the
 * largest profile a JPEG can carry (255 APP2 segments of 65,519 bytes).
 */
export const MAX_ICC_PROFILE_BYTES = 16 * 1024 * 1024;

/** The ICC header is 128 bytes; its size field sits at 0 and the `acsp` signature at 36. */
const ICC_HEADER_BYTES = 128;
const ICC_SIGNATURE = [0x61, 0x63, 0x73, 0x70];
const ICC_SIGNATURE_OFFSET = 36;

/** The PNG specification limits keywords to 1-79 bytes. */
const MAX_KEYWORD_BYTES = 79;

/**
 * Returns true when an `iCCP` chunk's data is what the PNG specification allows: a valid
 * keyword (the profile name), compression method 0, and a zlib stream that ends exactly at the
 * end of the chunk. The stream must inflate to an ICC profile with a matching size field and
 * the `acsp` signature. Decoders such as libpng ignore a profile that fails these checks, so
 * the stripper drops it without changing the picture, and no other bytes ride along in a kept
 * chunk.
 *
 * @throws {AppError} `E_CORRUPT` when the profile inflates past {@link MAX_ICC_PROFILE_BYTES},
 *   because such a profile can neither be checked nor dropped without changing the colours.
 */
export function isValidIccChunk(data: Uint8Array): boolean {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1 || keywordEnd > MAX_KEYWORD_BYTES) {
    return false;
  }
  if (!isValidKeyword(data.subarray(0, keywordEnd)) || data[keywordEnd + 1] !== 0) {
    return false;
  }

  const compressed = data.subarray(keywordEnd + 2);
  const inflated = inflateBounded(compressed, MAX_ICC_PROFILE_BYTES);
  if (inflated.status === 'too-large') {
    throw new AppError(
      'E_CORRUPT',
      `The PNG iCCP chunk inflates past ${MAX_ICC_PROFILE_BYTES} bytes, more than any real ICC profile, so MetaClear cannot check it.`,
    );
  }
  return (
    inflated.status === 'complete' &&
    inflated.consumed === compressed.length &&
    isIccProfile(inflated.output)
  );
}

/**
 * Checks a PNG keyword: Latin-1 letters, digits, punctuation and spaces (bytes 32-126 and
 * 161-255), with no leading, trailing or consecutive spaces.
 */
function isValidKeyword(keyword: Uint8Array): boolean {
  const isPrintable = (byte: number): boolean =>
    (byte >= 0x20 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xff);
  const hasSpaceRun = keyword.some((byte, i) => byte === 0x20 && keyword[i + 1] === 0x20);
  return (
    keyword.every(isPrintable) &&
    keyword[0] !== 0x20 &&
    keyword[keyword.length - 1] !== 0x20 &&
    !hasSpaceRun
  );
}

function isIccProfile(profile: Uint8Array): boolean {
  if (profile.length < ICC_HEADER_BYTES) {
    return false;
  }
  const view = new DataView(profile.buffer, profile.byteOffset, profile.byteLength);
  return (
    view.getUint32(0) === profile.length &&
    ICC_SIGNATURE.every((byte, i) => profile[ICC_SIGNATURE_OFFSET + i] === byte)
  );
}
