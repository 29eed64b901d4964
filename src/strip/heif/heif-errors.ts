import { AppError } from '../../shared/errors.js';

/** Creates the `E_CORRUPT` error for a HEIF whose boxes contradict each other. */
export function createCorruptError(problem: string): AppError {
  return new AppError('E_CORRUPT', `HEIF is corrupt: ${problem}.`);
}

/** Creates the `E_TRUNCATED` error for a HEIF that ends before its boxes or item data do. */
export function createTruncatedError(problem: string): AppError {
  return new AppError('E_TRUNCATED', `HEIF is truncated: ${problem}.`);
}

/** Creates the `E_UNSUPPORTED_FORMAT` error for a valid HEIF feature that MetaClear cannot clean. */
export function createUnsupportedError(problem: string): AppError {
  return new AppError('E_UNSUPPORTED_FORMAT', `HEIF file not supported: ${problem}.`);
}
