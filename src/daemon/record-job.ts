import { hashFile } from '../commit/hash-file.js';
import type { HistoryStore } from '../commit/history/history-store.js';
import type { JobStatus } from '../commit/history/job-record.js';
import type { CleanFileReport } from '../shared/report.js';
import { getJobEventName } from './get-job-event-name.js';

/** The job fields the history records. */
export interface RecordedJob {
  readonly jobId: string;
  /** The watched folder, as written in the config with `~` expanded. */
  readonly folder: string;
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
 * restarts.
 */
export async function recordJobEnd(
  history: HistoryStore,
  job: RecordedJob,
  report: CleanFileReport,
  durationMs: number,
  at: Date,
): Promise<void> {
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
    return;
  }
  const sha256 = await hashFile(job.input).catch(() => null);
  if (sha256 !== null) {
    // TODO: a dismissed file is still reported by a `job.attention` event each time it settles.
    history.attention.report({
      sha256,
      path: job.input,
      jobId: job.jobId,
      code: report.code ?? 'E_INTERNAL',
      reason: report.reason ?? '',
      at,
    });
  }
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
