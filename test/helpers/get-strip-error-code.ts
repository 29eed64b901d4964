import { isAppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import type { StripResult } from '../../src/strip/strip-result.js';

/**
 * Runs a stripper and returns the code of the AppError it throws, or `'no error'` when it
 * returns. Any other error is rethrown.
 */
export function getStripErrorCode(
  strip: (bytes: Uint8Array, policy: KeepPolicy) => StripResult,
  bytes: Uint8Array,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
): string {
  try {
    strip(bytes, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'no error';
}
