import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';
import type { CleanedJpegImage } from './split-cleaned-jpeg.js';
import { verifyGifStructure } from './verify-gif-structure.js';
import { verifyHeifStructure } from './verify-heif-structure.js';
import { verifyJpegStructure } from './verify-jpeg-structure.js';
import { verifyPngStructure } from './verify-png-structure.js';
import { verifyTiffStructure } from './verify-tiff-structure.js';
import { verifyWebpStructure } from './verify-webp-structure.js';
import { verifyWithSecondReader } from './verify-with-second-reader.js';

/**
 * Runs both fail-closed checks on a strip result: the allowlist structure check for its
 * format, then the independent second reader. A result with `changed: false` is checked the
 * same way, because its bytes are the input, and a file called already clean must be proven
 * clean too.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` or `E_VERIFY_READER` from the first check that
 *   fails, and `E_UNSUPPORTED_FORMAT` for a format without a structure check.
 * @example
 * const result = stripImage(bytes, policy);
 * verifyClean(bytes, result, policy); // throws before anything is published
 */
export function verifyClean(input: Uint8Array, result: StripResult, policy: KeepPolicy): void {
  let jpegImages: readonly CleanedJpegImage[] | undefined;
  switch (result.format) {
    case 'jpeg':
      jpegImages = verifyJpegStructure(input, result.bytes, policy);
      break;
    case 'png':
      verifyPngStructure(input, result.bytes, policy);
      break;
    case 'webp':
      verifyWebpStructure(input, result.bytes, policy);
      break;
    case 'gif':
      verifyGifStructure(input, result.bytes, policy);
      break;
    case 'tiff':
      verifyTiffStructure(input, result.bytes, policy);
      break;
    case 'heif':
      verifyHeifStructure(input, result.bytes, policy);
      break;
    default: {
      // Unreachable while every ImageFormat has a case above; a new format fails to compile.
      const format: never = result.format;
      throw new AppError(
        'E_UNSUPPORTED_FORMAT',
        `MetaClear has no structure check for ${String(format)} files, so it cannot verify them.`,
      );
    }
  }
  verifyWithSecondReader(result, policy, jpegImages);
}
