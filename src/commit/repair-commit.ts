import path from 'node:path';
import type { CommitFileSystem } from './commit-file-system.js';
import { isAppError } from '../shared/errors.js';
import type { CommitIntent, CommittedFiles } from './commit-journal.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
import {
  hashIfFile,
  isSameInode,
  lstatIfPresent,
  readIdentityIfPresent,
  removeFolderIfPresent,
} from './inspect-path.js';
import { getStagedPath } from './stage-original.js';
import { removeFileIfPresent } from './temp-file.js';
import { trashFile } from './trash-file.js';

/** The outcome of {@link repairCommit} for an interrupted commit. */
export type RepairOutcome =
  /** The published file was in place, so the commit was finished. */
  | { readonly kind: 'rolled-forward'; readonly files: CommittedFiles }
  /**
   * The commit was undone. `original` is a vault copy that was kept because it is the only
   * copy left of the original (the input was changed or removed meanwhile), else null.
   */
  | { readonly kind: 'rolled-back'; readonly original: string | null };

/**
 * Finishes or undoes a commit that stopped part way, working from its intent and what is on
 * disk. It is idempotent, so a repair that is itself interrupted is simply run again.
 *
 * The output holding the published bytes (checked by SHA-256) is the point of no return:
 * - Before it, the commit is rolled back, because the input still has the original bytes. Temp
 *   files are removed, and a vault entry is removed when it is a second name or an identical
 *   copy of the input, so the original is never stored twice. The next scan cleans the input
 *   again. Finishing instead would need the temp file and the input to be exactly as they were,
 *   which a crash leaves no way to trust without rereading both.
 * - After it, the commit is finished: in place the original now exists only in the vault (or
 *   the trash's staging folder), so undoing would mean writing it back. Temp files are removed,
 *   the folder is flushed, and an output folder's input is removed once it still holds the
 *   original bytes and the vault holds a verified copy.
 */
export async function repairCommit(
  intent: CommitIntent,
  fs: CommitFileSystem,
  now: Date,
): Promise<RepairOutcome> {
  if ((await hashIfFile(intent.output, fs)) === intent.outputSha256) {
    return { kind: 'rolled-forward', files: await rollForward(intent, fs, now) };
  }
  return { kind: 'rolled-back', original: await rollBack(intent, fs) };
}

async function rollForward(
  intent: CommitIntent,
  fs: CommitFileSystem,
  now: Date,
): Promise<CommittedFiles> {
  await removeTempFiles(intent, fs);
  await fsyncDirectory(path.dirname(intent.output), fs);
  const original = await findStoredOriginal(intent, fs);
  let untrashedOriginal: CommittedFiles['untrashedOriginal'];
  try {
    if (intent.kind === 'replace') {
      if (intent.stagingDir !== null) {
        await trashStagedOriginal(intent, intent.stagingDir, fs);
      }
    } else {
      await removePublishedInput(intent, original, fs);
    }
  } catch (error) {
    untrashedOriginal = findUntrashedOriginal(error);
    if (untrashedOriginal === undefined) {
      throw error;
    }
  }
  if (intent.kind === 'move' && intent.resetOutputTimes) {
    await fs.utimes(intent.output, now, now);
    await fsyncFile(intent.output, fs);
  }
  const outputIdentity = await readIdentityIfPresent(intent.output, fs).catch(() => null);
  const files = { output: intent.output, original, outputIdentity };
  return untrashedOriginal === undefined ? files : { ...files, untrashedOriginal };
}

/**
 * Returns where an original is kept when the trash refused it after the output was in place:
 * the staged name in place, the input in an output folder. Other failures return undefined.
 */
function findUntrashedOriginal(error: unknown): CommittedFiles['untrashedOriginal'] {
  if (!isAppError(error) || error.code !== 'E_MOVE_FAILED' || error.path === undefined) {
    return undefined;
  }
  return { path: error.path, error };
}

async function rollBack(intent: CommitIntent, fs: CommitFileSystem): Promise<string | null> {
  await removeTempFiles(intent, fs);
  const original =
    intent.vaultPath === null ? null : await rollBackVaultEntry(intent, intent.vaultPath, fs);
  if (intent.stagingDir !== null) {
    await rollBackStaging(intent, intent.stagingDir, fs);
  }
  if (intent.kind === 'move') {
    await removeOutputLinkToInput(intent, fs);
  }
  return original;
}

async function removeTempFiles(intent: CommitIntent, fs: CommitFileSystem): Promise<void> {
  await removeFileIfPresent(intent.tempPath, fs);
  if (intent.vaultTempPath !== null) {
    await removeFileIfPresent(intent.vaultTempPath, fs);
  }
}

/** Returns the vault path when the file there has the original's bytes, else null. */
async function findStoredOriginal(
  intent: CommitIntent,
  fs: CommitFileSystem,
): Promise<string | null> {
  if (intent.vaultPath === null) {
    return null;
  }
  const isStored = (await hashIfFile(intent.vaultPath, fs)) === intent.inputSha256;
  // NOTE: a replaced input whose vault entry is missing can only mean that something else
  // removed the entry, because the commit flushes it before replacing the input.
  return isStored ? intent.vaultPath : null;
}

/**
 * Removes an output folder's input once the output is published, as the commit would have:
 * to the trash with `action: 'trash'`, else unlinked. The input stays when it no longer has
 * the original bytes, and when the vault should have a copy but does not.
 */
async function removePublishedInput(
  intent: CommitIntent,
  original: string | null,
  fs: CommitFileSystem,
): Promise<void> {
  if ((await hashIfFile(intent.input, fs)) !== intent.inputSha256) {
    return;
  }
  if (intent.kind === 'publish' && intent.action === 'vault' && original === null) {
    return;
  }
  if (intent.kind === 'publish' && intent.action === 'trash') {
    await trashFile(intent.input, fs);
    return;
  }
  await fs.unlink(intent.input);
  await fsyncDirectory(path.dirname(intent.input), fs);
}

async function trashStagedOriginal(
  intent: CommitIntent,
  stagingDir: string,
  fs: CommitFileSystem,
): Promise<void> {
  const staged = getStagedPath(stagingDir, intent.input);
  if ((await lstatIfPresent(staged, fs)) !== null) {
    await trashFile(staged, fs, intent.input);
  }
  await removeFolderIfPresent(stagingDir, fs);
}

/**
 * Removes the vault entry when the input still contains the original, and returns the entry's
 * path when it is the only copy left. An entry that contains other bytes is not this commit's and
 * is left alone.
 */
async function rollBackVaultEntry(
  intent: CommitIntent,
  vaultPath: string,
  fs: CommitFileSystem,
): Promise<string | null> {
  const vaultStats = await lstatIfPresent(vaultPath, fs);
  if (vaultStats === null) {
    return null;
  }
  const inputStats = await lstatIfPresent(intent.input, fs);
  const isDuplicate =
    (inputStats !== null && isSameInode(vaultStats, inputStats)) ||
    ((await hashIfFile(vaultPath, fs)) === intent.inputSha256 &&
      (await hashIfFile(intent.input, fs)) === intent.inputSha256);
  if (isDuplicate) {
    await fs.unlink(vaultPath);
    await fsyncDirectory(path.dirname(vaultPath), fs);
    return null;
  }
  return (await hashIfFile(vaultPath, fs)) === intent.inputSha256 ? vaultPath : null;
}

/**
 * Removes the staged second name of the original when the input still contains it. A copy
 * staged where hard links are unsupported may then be incomplete, so it is removed too. A staged
 * original that the input no longer contains goes to the trash, where the user asked originals
 * to go.
 */
async function rollBackStaging(
  intent: CommitIntent,
  stagingDir: string,
  fs: CommitFileSystem,
): Promise<void> {
  const staged = getStagedPath(stagingDir, intent.input);
  const stagedStats = await lstatIfPresent(staged, fs);
  if (stagedStats !== null) {
    const inputStats = await lstatIfPresent(intent.input, fs);
    const inputSha256 = await hashIfFile(intent.input, fs);
    const isDuplicate =
      (inputStats !== null && isSameInode(stagedStats, inputStats)) ||
      (inputSha256 !== null && inputSha256 === intent.inputSha256) ||
      inputSha256 === (await hashIfFile(staged, fs));
    if (isDuplicate) {
      await fs.unlink(staged);
    } else {
      await trashFile(staged, fs, intent.input);
    }
  }
  await removeFolderIfPresent(stagingDir, fs);
}

/** Removes the output name a `move` gave to a changed input, which is not the version read. */
async function removeOutputLinkToInput(intent: CommitIntent, fs: CommitFileSystem): Promise<void> {
  const outputStats = await lstatIfPresent(intent.output, fs);
  const inputStats = await lstatIfPresent(intent.input, fs);
  if (outputStats !== null && inputStats !== null && isSameInode(outputStats, inputStats)) {
    await fs.unlink(intent.output);
    await fsyncDirectory(path.dirname(intent.output), fs);
  }
}
