import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../shared/errors.js';
import { getFileTimes } from './file-times.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
import { isLinkUnsupported, linkToFreePath } from './link-to-free-path.js';
import { assertSourceUnchanged, type SourceFile } from './source-file.js';
import { createTempPath, removeFileIfPresent } from './temp-file.js';
import { createVaultFolders } from './vault-path.js';

/**
 * Puts the original into the vault at the first free path for `vaultFile`, leaving the source
 * in place, and returns the vault path. On the same device the vault entry is a hard link to
 * the source. On another device it is a copy whose SHA-256 must match the bytes read. Either
 * way the entry is flushed to disk before this returns, so the caller may then replace or
 * remove the source.
 *
 * @throws AppError `E_SOURCE_CHANGED` when the file is no longer the one read.
 */
export async function storeOriginal(
  source: SourceFile,
  vaultFile: string,
  vaultDir: string,
): Promise<string> {
  await createVaultFolders(vaultFile, vaultDir);
  let stored: string;
  try {
    stored = await linkOriginal(source, vaultFile);
  } catch (error) {
    if (!isLinkUnsupported(error)) {
      throw error;
    }
    stored = await copyOriginal(source, vaultFile);
  }
  await fsyncDirectory(path.dirname(stored));
  return stored;
}

async function linkOriginal(source: SourceFile, vaultFile: string): Promise<string> {
  const stored = await linkToFreePath(source.path, vaultFile);
  try {
    // The link names whatever file sits at the source path now; it must be the one read.
    await assertSourceUnchanged({ path: stored, stats: source.stats });
    await fsyncFile(stored);
  } catch (error) {
    await removeFileIfPresent(stored);
    throw error;
  }
  return stored;
}

async function copyOriginal(source: SourceFile, vaultFile: string): Promise<string> {
  const tempPath = createTempPath(path.dirname(vaultFile));
  try {
    await copyFile(source.path, tempPath, constants.COPYFILE_EXCL);
    const times = getFileTimes(source.stats);
    await utimes(tempPath, times.atime, times.mtime);
    await fsyncFile(tempPath);
    if ((await hashFile(tempPath)) !== source.sha256) {
      throw new AppError(
        'E_SOURCE_CHANGED',
        `${source.path} changed while it was copied to the vault, so nothing was written; clean it again once it is no longer being written.`,
        { path: source.path },
      );
    }
    return await linkToFreePath(tempPath, vaultFile, { renameIfUnsupported: true });
  } finally {
    await removeFileIfPresent(tempPath);
  }
}

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(filePath), hash);
  return hash.digest('hex');
}
