import type { CommitJournal } from '../commit-journal.js';
import type { JobStore } from './job-store.js';

/** Options for {@link createHistoryJournal}. */
export interface HistoryJournalOptions {
  /**
   * The watched folder of the job, or null outside watched folders.
   * @default null
   */
  readonly folder?: string | null;
  /**
   * The clock for the records' times.
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

/**
 * Creates the journal of one job's commit, stored in the history's jobs table under `jobId`.
 * The job row is created at the intent when it does not exist yet.
 */
export function createHistoryJournal(
  jobs: JobStore,
  jobId: string,
  options: HistoryJournalOptions = {},
): CommitJournal {
  const folder = options.folder ?? null;
  const now = options.now ?? (() => new Date());
  return {
    recordIntent: (intent) => jobs.recordIntent(jobId, intent, { folder, at: now() }),
    recordPaths: (paths) => jobs.recordPaths(jobId, paths),
    recordCommitted: (files) => {
      jobs.recordCommitted(jobId, files, now());
    },
    recordRolledBack: (rollBack) => {
      jobs.recordRolledBack(jobId, rollBack, now());
    },
  };
}
