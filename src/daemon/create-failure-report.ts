import { isAppError, type ErrorCode } from '../shared/errors.js';
import type { CleanFileReport } from '../shared/report.js';

/** Creates the report of a file that failed before or outside `processFile`. */
export function createFailureReport(
  input: string,
  code: ErrorCode,
  reason: string,
): CleanFileReport {
  return {
    input,
    output: null,
    original: null,
    status: 'failed',
    removed: [],
    kept: [],
    code,
    reason,
  };
}

/**
 * Creates a failed report from an error that `processFile` should have reported itself. An
 * {@link AppError} keeps its code, anything else becomes `E_INTERNAL`.
 */
export function createFailureReportFromError(input: string, error: unknown): CleanFileReport {
  if (isAppError(error)) {
    return createFailureReport(input, error.code, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return createFailureReport(input, 'E_INTERNAL', `Cleaning failed unexpectedly: ${message}`);
}
