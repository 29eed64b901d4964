import { NODE_FILE_SYSTEM, type CommitFileSystem } from '../commit-file-system.js';
import type { CommittedFiles, RolledBackCommit } from '../commit-journal.js';
import { repairCommit } from '../repair-commit.js';
import type { HistoryStore } from './history-store.js';
import type { JobRecord } from './job-record.js';
import { isOwnerGone, isProcessAlive, type ProcessOwner } from './process-owner.js';

/** The outcome of recovery for one unfinished job. */
export interface RecoveredJob {
  readonly jobId: string;
  readonly input: string;
  readonly outcome:
    /** Its commit was finished: the published file was already in place. */
    | 'rolled-forward'
    /** Its commit was undone, and the daemon cleans the input again at its next scan. */
    | 'rolled-back'
    /** It stopped before its commit began, so there was nothing on disk to repair. */
    | 'interrupted'
    /** Its repair failed; the intent stays for the next start. */
    | 'repair-failed'
    /** A process that is still running owns it, so it was left alone. */
    | 'owned-elsewhere';
  /** The output of a finished commit. */
  readonly output: string | null;
  /** The vault path of the original, when one is kept. */
  readonly original: string | null;
  /** The error of a failed repair, for `repair-failed`; else null. */
  readonly error: unknown;
}

/** Options for {@link recoverUnfinishedJobs}. */
export interface RecoverUnfinishedJobsOptions {
  /**
   * The file system the repairs go through.
   * @default NODE_FILE_SYSTEM
   */
  readonly fs?: CommitFileSystem;
  /**
   * The clock for the records' times.
   * @default () => new Date()
   */
  readonly now?: () => Date;
  /**
   * Tells whether a process is running; tests pass a fake.
   * @default isProcessAlive
   */
  readonly isProcessAlive?: (pid: number) => boolean;
  /**
   * Repairs only the jobs of this input path: `metaclear clean` repairs the file it holds the
   * lock of, and leaves other files to the daemon.
   * @default every unfinished job
   */
  readonly input?: string;
}

const INTERRUPTED_REASON =
  'MetaClear stopped during this job before it changed any file; the file is cleaned again when the daemon next sees it.';
const ROLLED_BACK_REASON =
  'MetaClear stopped during this commit, which was rolled back: the file is as it was and is cleaned again when the daemon next sees it.';

/**
 * Repairs every job that a crash or kill left unfinished, one after another, and returns what
 * was done with each. A commit is finished when its published file is in place and rolled back
 * otherwise (see `repairCommit`). A job without a commit is recorded as interrupted. Jobs of a
 * process that is still running (a `metaclear clean` next to the daemon) are left alone. Call
 * it before watching starts, so no job of this process is in flight.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be read or written.
 */
export async function recoverUnfinishedJobs(
  history: HistoryStore,
  options: RecoverUnfinishedJobsOptions = {},
): Promise<RecoveredJob[]> {
  const fs = options.fs ?? NODE_FILE_SYSTEM;
  const now = options.now ?? (() => new Date());
  const isAlive = options.isProcessAlive ?? isProcessAlive;
  const recovered: RecoveredJob[] = [];
  const jobs = history.jobs.listUnfinished();
  const selected =
    options.input === undefined ? jobs : jobs.filter((job) => job.input === options.input);
  for (const job of selected) {
    if (!isOrphaned(job, history.owner, isAlive)) {
      recovered.push(createEntry(job, 'owned-elsewhere'));
      continue;
    }
    recovered.push(await recoverJob(history, job, fs, now));
  }
  return recovered;
}

async function recoverJob(
  history: HistoryStore,
  job: JobRecord,
  fs: CommitFileSystem,
  now: () => Date,
): Promise<RecoveredJob> {
  if (job.commitState === 'done') {
    // The commit finished, but the daemon stopped before it recorded the job's end.
    history.jobs.recordCommitted(job.id, committedFilesOf(job), now());
    return { ...createEntry(job, 'rolled-forward'), output: job.output, original: job.original };
  }
  if (job.commitState !== 'intent' || job.intent === null) {
    history.jobs.recordInterrupted(job.id, INTERRUPTED_REASON, now());
    return createEntry(job, 'interrupted');
  }
  let outcome: Awaited<ReturnType<typeof repairCommit>>;
  try {
    outcome = await repairCommit(job.intent, fs, now());
  } catch (error) {
    return { ...createEntry(job, 'repair-failed'), error };
  }
  if (outcome.kind === 'rolled-forward' && outcome.files.untrashedOriginal !== undefined) {
    // The trash still refuses the original, so the intent stays for the next start.
    return { ...createEntry(job, 'repair-failed'), error: outcome.files.untrashedOriginal.error };
  }
  if (outcome.kind === 'rolled-forward') {
    history.jobs.recordCommitted(job.id, outcome.files, now());
    return {
      ...createEntry(job, 'rolled-forward'),
      output: outcome.files.output,
      original: outcome.files.original,
    };
  }
  history.jobs.recordRolledBack(job.id, describeRollBack(job, outcome.original), now());
  return { ...createEntry(job, 'rolled-back'), original: outcome.original };
}

/**
 * Describes a rolled-back job. A job that had already failed keeps its code. A kept vault copy
 * means the input changed or went away while the commit was cut short.
 */
function describeRollBack(job: JobRecord, original: string | null): RolledBackCommit {
  if (original !== null) {
    const reason = `${job.input} changed or was removed while its commit was cut short, so its original is kept in the vault at ${original}.`;
    return { code: 'E_SOURCE_CHANGED', reason, original };
  }
  if (job.status === 'failed' && job.code !== null) {
    return { code: job.code, reason: job.reason ?? ROLLED_BACK_REASON, original };
  }
  return { code: 'E_INTERRUPTED', reason: ROLLED_BACK_REASON, original };
}

function committedFilesOf(job: JobRecord): CommittedFiles {
  return {
    output: job.output ?? job.input,
    original: job.original,
    outputIdentity: job.outputIdentity,
  };
}

/** Returns true when no running process can still be working on the job. */
function isOrphaned(
  job: JobRecord,
  self: ProcessOwner,
  isAlive: (pid: number) => boolean,
): boolean {
  return job.owner === null || isOwnerGone(job.owner, self, isAlive);
}

function createEntry(job: JobRecord, outcome: RecoveredJob['outcome']): RecoveredJob {
  return { jobId: job.id, input: job.input, outcome, output: null, original: null, error: null };
}
