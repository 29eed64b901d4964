import type { Logger } from 'pino';
import type { HistoryStore } from '../commit/history/history-store.js';
import { recoverUnfinishedJobs } from '../commit/history/recover-unfinished-jobs.js';

/**
 * Repairs the jobs a crash left unfinished, before any folder is watched, and logs what was
 * done with each. A repair that fails is logged as an error and tried again at the next start.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be read or written.
 */
export async function recoverJobs(history: HistoryStore, logger: Logger): Promise<void> {
  const recovered = await recoverUnfinishedJobs(history);
  for (const job of recovered) {
    const fields = {
      jobId: job.jobId,
      path: job.input,
      outcome: job.outcome,
      output: job.output,
      original: job.original,
    };
    switch (job.outcome) {
      case 'repair-failed':
        logger.error({ ...fields, err: job.error }, 'job recovery failed');
        break;
      case 'owned-elsewhere':
        logger.info(fields, 'job left to the process running it');
        break;
      default:
        logger.info(fields, 'job recovered');
    }
  }
}
