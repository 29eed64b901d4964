import type { CleanFileReport, CleanStatus } from '../shared/report.js';

/** Creates the report of a file left untouched because it was skipped, failed or is unsupported. */
export function createUntouchedReport(
  input: string,
  status: Exclude<CleanStatus, 'cleaned' | 'already-clean'>,
  code: string | null,
  reason: string,
): CleanFileReport {
  return { input, output: null, original: null, status, removed: [], kept: [], code, reason };
}
