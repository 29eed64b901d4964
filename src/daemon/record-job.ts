import { hashFile } from '../commit/hash-file.js';
import type { HistoryStore } from '../commit/history/history-store.js';
import type { JobStatus } from '../commit/history/job-record.js';
import type { CleanFileReport } from '../shared/report.js';
import { getJobEventName } from './get-job-event-name.js';

/** The job fields the history records. */
export interface RecordedJob {
  readonly jobId: string;
  /** The watched folder, as written in the config with `~` expanded; null outside them. */
  readonly folder: string | null;
  readonly input: string;
}

/** Records in the history that a job started to run. */
export function recordJobStart(history: HistoryStore, job: RecordedJob, at: Date): void {
  history.jobs.recordStarted({ id: job.jobId, folder: job.folder, input: job.input, at });
}

/**
 * Records a job's end in the history: `committed` when the file was cleaned or needed no
 * cleaning, `attention` when a person must look at it, else `failed`. A file that needs
 * attention is also listed by the SHA-256 of its content, so a dismissal outlives renames and
 * restarts. Resolves true when the user had dismissed this content: the job is then recorded
 * as `dismissed`, and the caller reports no attention for it.
 */
export async function recordJobEnd(
  history: HistoryStore,
  job: RecordedJob,
  report: CleanFileReport,
  durationMs: number,
  at: Date,
): Promise<boolean> {
  const status = getJobStatus(report);
  history.jobs.recordFinished({
    id: job.jobId,
    folder: job.folder,
    input: job.input,
    status,
    report,
    durationMs,
    at,
  });
  if (status !== 'attention') {
    return false;
  }
  const isDismissed = await reportAttention(history, job, report, at);
  if (isDismissed) {
    history.jobs.markStatus(job.jobId, 'dismissed');
  }
  return isDismissed;
}

/**
 * Lists a file as needing attention by the SHA-256 of its content, and resolves true when the
 * user had dismissed this content. A file that cannot be read is not listed.
 */
export async function reportAttention(
  history: HistoryStore,
  job: RecordedJob,
  report: Pick<CleanFileReport, 'code' | 'reason'>,
  at: Date,
): Promise<boolean> {
  const sha256 = await hashFile(job.input).catch(() => null);
  if (sha256 === null) {
    return false;
  }
  const isOpen = history.attention.report({
    sha256,
    path: job.input,
    jobId: job.jobId,
    code: report.code ?? 'E_INTERNAL',
    reason: report.reason ?? '',
    at,
  });
  return !isOpen;
}

function getJobStatus(report: CleanFileReport): JobStatus {
  switch (getJobEventName(report)) {
    case 'job.done':
      return report.status === 'cleaned' || report.status === 'already-clean'
        ? 'committed'
        : 'failed';
    case 'job.attention':
      return 'attention';
    default:
      return 'failed';
  }
}
