import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';
import { verifyJpegStructure } from './verify-jpeg-structure.js';
import { verifyPngStructure } from './verify-png-structure.js';
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
  switch (result.format) {
    case 'jpeg':
      verifyJpegStructure(input, result.bytes, policy);
      break;
    case 'png':
      verifyPngStructure(input, result.bytes, policy);
      break;
    default:
      throw new AppError(
        'E_UNSUPPORTED_FORMAT',
        `MetaClear has no structure check for ${result.format.toUpperCase()} files, so it cannot verify them.`,
      );
  }
  verifyWithSecondReader(result, policy);
}
