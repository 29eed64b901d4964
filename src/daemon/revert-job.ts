import { copyFile, link, lstat, mkdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory, fsyncFile } from '../commit/fsync.js';
import { hashFile } from '../commit/hash-file.js';
import type { HistoryStore } from '../commit/history/history-store.js';
import type { JobRecord } from '../commit/history/job-record.js';
import { createTempPath } from '../commit/temp-file.js';
import { AppError } from '../shared/errors.js';
import type { RevertedJob } from './daemon-events.js';

/** Options for {@link revertJob}. */
export interface RevertJobOptions {
  readonly history: HistoryStore;
  readonly jobId: string;
  readonly now: Date;
  /**
   * Called once the original is back at its path, before the cleaned copy is removed. The
   * daemon records the restored file there, so that it does not clean it again.
   */
  readonly onRestored?: (filePath: string) => Promise<void>;
}

/** The files a revert changed on disk. */
export type RevertOutcome = RevertedJob;

/**
 * Restores a cleaned file's original from the vault to the path it was read from, marks the
 * job `reverted` and removes the vault copy. In place, the cleaned file is replaced only while
 * it still has the bytes the job wrote. In output mode the original goes back to the inbox and
 * the cleaned copy is deleted when it is unchanged, else left where it is.
 *
 * @throws AppError `E_NOT_FOUND` for an unknown job. `E_REVERT_UNAVAILABLE` when no vault copy
 *   of the original exists, because the job did not clean the file, `originals.action` was
 *   `trash` or `delete`, or the copy was pruned. `E_REVERT_CONFLICT` when another file is now
 *   at the original's path.
 */
export async function revertJob(options: RevertJobOptions): Promise<RevertOutcome> {
  const { history, jobId, now } = options;
  const job = history.jobs.get(jobId);
  if (job === null) {
    throw new AppError('E_NOT_FOUND', `no job ${jobId} in the history; see 'metaclear recent'.`);
  }
  const vaultPath = await findVaultCopy(history, job);
  const target = job.input;
  const isInPlace = job.output === target;
  await assertTargetFree(job, isInPlace);

  await restoreFile(vaultPath, target, isInPlace);
  await options.onRestored?.(target);
  let removedOutput: string | null = null;
  let keptOutput: string | null = null;
  if (!isInPlace && job.output !== null) {
    const isRemoved = await removeIfUnchanged(job.output, job.outputSha256);
    removedOutput = isRemoved === true ? job.output : null;
    keptOutput = isRemoved === false ? job.output : null;
  }
  history.jobs.markStatus(job.id, 'reverted');
  await unlink(vaultPath).catch(() => undefined);
  history.vault.markRemoved(vaultPath, 'reverted', now);
  return { jobId: job.id, folder: job.folder, restored: target, removedOutput, keptOutput };
}

/** Returns the vault path of the job's original, checked to have the bytes the job read. */
async function findVaultCopy(history: HistoryStore, job: JobRecord): Promise<string> {
  const unavailable = (reason: string): AppError =>
    new AppError('E_REVERT_UNAVAILABLE', `job ${job.id} cannot be reverted: ${reason}.`, {
      path: job.input,
    });
  if (job.status === 'reverted') {
    throw unavailable('it was reverted already');
  }
  if (job.result !== 'cleaned' || job.inputSha256 === null) {
    throw unavailable(`it did not change ${job.input} (${job.result ?? job.status})`);
  }
  if (job.original === null) {
    throw unavailable(
      'no copy of the original was kept, because originals.action is trash or delete',
    );
  }
  const entry = history.vault.get(job.original);
  if (entry?.removedAt != null) {
    throw unavailable(`its original was ${entry.removedReason ?? 'removed'} from the vault`);
  }
  const sha256 = await hashFile(job.original).catch(() => null);
  if (sha256 === null) {
    throw unavailable(`its original ${job.original} is no longer in the vault`);
  }
  if (sha256 !== job.inputSha256) {
    throw unavailable(`the vault file ${job.original} no longer has the original's bytes`);
  }
  return job.original;
}

/**
 * Checks that the original's path is free: empty, or in place still the job's cleaned file.
 *
 * @throws AppError `E_REVERT_CONFLICT` when another file is there.
 */
async function assertTargetFree(job: JobRecord, isInPlace: boolean): Promise<void> {
  const target = job.input;
  const stats = await lstat(target).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  });
  if (stats === null) {
    return;
  }
  const sha256 = stats.isFile() ? await hashFile(target) : null;
  if (isInPlace && sha256 !== null && sha256 === job.outputSha256) {
    return;
  }
  throw new AppError(
    'E_REVERT_CONFLICT',
    `${target} now contains a different file than job ${job.id} left there; move it away, then revert again.`,
    { path: target },
  );
}

/**
 * Copies the vault file to a hidden temp file beside `target`, with its times, flushes it and
 * gives it the target's name. In place it replaces the cleaned file; otherwise it never
 * replaces a file that appeared meanwhile.
 */
async function restoreFile(vaultPath: string, target: string, replace: boolean): Promise<void> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const tempPath = createTempPath(dir);
  try {
    await copyFile(vaultPath, tempPath);
    const times = await stat(vaultPath);
    await utimes(tempPath, times.atime, times.mtime);
    await fsyncFile(tempPath);
    if (replace) {
      await rename(tempPath, target);
    } else {
      await linkNew(tempPath, target);
      await unlink(tempPath);
    }
    await fsyncDirectory(dir);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
}

async function linkNew(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new AppError(
        'E_REVERT_CONFLICT',
        `a file appeared at ${target} during the revert; move it away, then revert again.`,
        { path: target, cause: error },
      );
    }
    throw error;
  }
}

/** Deletes `filePath` when it has the bytes `sha256`; resolves null when it is gone. */
async function removeIfUnchanged(filePath: string, sha256: string | null): Promise<boolean | null> {
  const current = await hashFile(filePath).catch(() => null);
  if (current === null) {
    return null;
  }
  if (current !== sha256) {
    return false;
  }
  await unlink(filePath);
  await fsyncDirectory(path.dirname(filePath));
  return true;
}
