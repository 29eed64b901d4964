import { link, mkdir, rename, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import { getFileTimes } from './file-times.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
import type { OriginalsOptions } from './originals-options.js';
import { assertSourceUnchanged, type SourceFile } from './source-file.js';
import { storeOriginal } from './store-original.js';
import { createTempPath, removeFileIfPresent, writeTempFile } from './temp-file.js';
import { trashFile } from './trash-file.js';
import { getVaultPath } from './vault-path.js';

/** Outcome of replacing a file in place. */
export interface InPlaceCommit {
  /** The vault path, or null for `trash` and `delete`. */
  readonly original: string | null;
}

/**
 * Replaces the source with its cleaned bytes. The cleaned bytes are flushed to a hidden temp
 * file beside the source first. With `vault`, the original is linked or copied into the vault
 * and flushed before the temp file is renamed over the source. With `trash`, it is moved to
 * the trash only after the rename. With `delete`, the rename itself drops it. The new file
 * keeps the original's permission bits and, with `keepFileDates`, its access and modification
 * times.
 *
 * @throws AppError `E_SOURCE_CHANGED` when the source is no longer the file read; nothing is
 *   written then.
 */
export async function commitInPlace(
  source: SourceFile,
  cleaned: Uint8Array,
  originals: OriginalsOptions,
  keepFileDates: boolean,
  now: Date,
): Promise<InPlaceCommit> {
  const dir = path.dirname(source.path);
  // TODO: on macOS the replacement gets a new birth time (Finder's "Date Created") and loses
  // the user's Finder tags, which live in extended attributes of the original file.
  const tempPath = await writeTempFile(dir, cleaned, {
    mode: Number(source.stats.mode & 0o777n),
    ...(keepFileDates ? { times: getFileTimes(source.stats) } : {}),
  });
  try {
    await assertSourceUnchanged(source);
    switch (originals.action) {
      case 'vault':
        return { original: await replaceKeepingVaultCopy(source, tempPath, originals, now) };
      case 'trash':
        await replaceThenTrash(source, tempPath);
        return { original: null };
      case 'delete':
        await replaceSource(source, tempPath);
        return { original: null };
    }
  } finally {
    await removeFileIfPresent(tempPath);
  }
}

async function replaceKeepingVaultCopy(
  source: SourceFile,
  tempPath: string,
  originals: OriginalsOptions,
  now: Date,
): Promise<string> {
  const vaultFile = getVaultPath(originals.vaultDir, originals.vaultRelativePath, now);
  const stored = await storeOriginal(source, vaultFile, originals.vaultDir);
  await replaceSource(source, tempPath, () => removeFileIfPresent(stored));
  return stored;
}

/**
 * Renames the temp file over the source and flushes the folder. `undo` runs when the source
 * was left in place, so the caller can take back what it did for this commit.
 */
async function replaceSource(
  source: SourceFile,
  tempPath: string,
  undo: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  try {
    await assertSourceUnchanged(source);
    await rename(tempPath, source.path);
  } catch (error) {
    await undo();
    throw error;
  }
  await fsyncDirectory(path.dirname(source.path));
}

/**
 * Keeps a second name for the original in a hidden staging folder beside it, replaces the
 * source, and then trashes the staged name, so the trash shows the original file name.
 */
async function replaceThenTrash(source: SourceFile, tempPath: string): Promise<void> {
  const stagingDir = createTempPath(path.dirname(source.path));
  const staged = path.join(stagingDir, path.basename(source.path));
  await mkdir(stagingDir, { mode: 0o700 });
  try {
    // TODO: this fails with EPERM or EXDEV on file systems without hard links, such as exFAT.
    await link(source.path, staged);
    await assertSourceUnchanged({ path: staged, stats: source.stats });
    await fsyncFile(staged);
  } catch (error) {
    await removeFileIfPresent(staged);
    await rmdir(stagingDir);
    throw error;
  }
  await replaceSource(source, tempPath, async () => {
    await removeFileIfPresent(staged);
    await rmdir(stagingDir);
  });
  try {
    await trashFile(staged);
    await rmdir(stagingDir);
  } catch (error) {
    throw new AppError(
      'E_MOVE_FAILED',
      `${source.path} was cleaned in place, but its original could not be moved to the trash; it is at ${staged}.`,
      { cause: error, path: source.path },
    );
  }
}
