import { isAppError } from '../../../src/shared/errors.js';

/** Runs `run` and returns the code of the AppError it throws; fails when it throws none. */
export function getErrorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}
