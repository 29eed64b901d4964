import type { CleanFileReport } from '../shared/report.js';

/**
 * Failure codes that need a person rather than a retry: the file is damaged, too large or
 * stayed incomplete, or a fail-closed check rejected the cleaned output. Each such file stays
 * in its folder with its metadata.
 */
const ATTENTION_CODES: ReadonlySet<string> = new Set([
  'E_CORRUPT',
  'E_TRUNCATED',
  'E_FILE_TOO_LARGE',
  'E_INCOMPLETE',
  'E_VERIFY_STRUCTURE',
  'E_VERIFY_READER',
  // Cleaning it took too long or crashed its worker, which a retry would repeat.
  'E_JOB_TIMEOUT',
  'E_WORKER_CRASHED',
]);

/**
 * Returns the daemon event that reports a finished job. A file in a format that cannot be
 * cleaned needs attention too, because it stays in its folder with its metadata.
 */
export function getJobEventName(
  report: CleanFileReport,
): 'job.done' | 'job.failed' | 'job.attention' {
  if (report.status === 'unsupported') {
    return 'job.attention';
  }
  if (report.status !== 'failed') {
    return 'job.done';
  }
  return report.code !== null && ATTENTION_CODES.has(report.code) ? 'job.attention' : 'job.failed';
}
