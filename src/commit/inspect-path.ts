import type { BigIntStats } from 'node:fs';
import type { CommitFileSystem } from './commit-file-system.js';
import { getFileIdentity, type FileIdentity } from './commit-journal.js';
import { hashFile } from './hash-file.js';

/** Returns `lstat` of a path, or null when it or a parent folder is missing. */
export async function lstatIfPresent(
  filePath: string,
  fs: CommitFileSystem,
): Promise<BigIntStats | null> {
  try {
    return await fs.lstat(filePath);
  } catch (error) {
    if (isMissingError(error)) {
      return null;
    }
    throw error;
  }
}

/** Returns the hex SHA-256 of a regular file, or null when the path is missing or not a file. */
export async function hashIfFile(filePath: string, fs: CommitFileSystem): Promise<string | null> {
  const stats = await lstatIfPresent(filePath, fs);
  if (stats === null || !stats.isFile()) {
    return null;
  }
  try {
    return await hashFile(filePath, fs);
  } catch (error) {
    if (isMissingError(error)) {
      return null;
    }
    throw error;
  }
}

/** Returns the identity of the file at a path, or null when it is missing. */
export async function readIdentityIfPresent(
  filePath: string,
  fs: CommitFileSystem,
): Promise<FileIdentity | null> {
  const stats = await lstatIfPresent(filePath, fs);
  return stats === null ? null : getFileIdentity(stats);
}

/** Returns true when two `lstat` results are one file under two names. */
export function isSameInode(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Removes an empty folder, doing nothing when it is already gone. */
export async function removeFolderIfPresent(dir: string, fs: CommitFileSystem): Promise<void> {
  try {
    await fs.rmdir(dir);
  } catch (error) {
    if (!isMissingError(error)) {
      throw error;
    }
  }
}

function isMissingError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
