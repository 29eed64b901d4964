import { AppError } from '../shared/errors.js';

/**
 * Creates the `E_USAGE` error for a bad command line. `main` prints its message and exits 2,
 * so the message states what is wrong, with which argument, and how to fix it.
 */
export function createUsageError(message: string): AppError {
  return new AppError('E_USAGE', message);
}
