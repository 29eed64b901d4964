import path from 'node:path';
import { AppError } from '../shared/errors.js';
import type { CommitFileSystem } from './commit-file-system.js';
import { getFileTimes } from './file-times.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
import { hashFile } from './hash-file.js';
import { isLinkUnsupported } from './link-to-free-path.js';
import { assertSourceUnchanged, type SourceFile } from './source-file.js';

/**
 * Gives the original a second name, `<stagingDir>/<its base name>`, in a new hidden folder
 * beside it, and flushes both. The source can then be replaced while the original lives on
 * under the staged name until it goes to the trash, which then shows the original file name.
 * Where hard links are unsupported (FAT, exFAT, some network shares), the staged file is a
 * copy whose SHA-256 must match the bytes read. Returns the staged path.
 *
 * @throws AppError `E_SOURCE_CHANGED` when the source is no longer the file read.
 */
export async function stageOriginal(
  source: SourceFile,
  stagingDir: string,
  fs: CommitFileSystem,
): Promise<string> {
  const staged = getStagedPath(stagingDir, source.path);
  await fs.mkdir(stagingDir, 0o700);
  try {
    await fs.link(source.path, staged);
    await assertSourceUnchanged({ path: staged, stats: source.stats }, fs);
  } catch (error) {
    if (!isLinkUnsupported(error)) {
      throw error;
    }
    await copyOriginal(source, staged, fs);
  }
  await fsyncFile(staged, fs);
  await fsyncDirectory(stagingDir, fs);
  // The staging folder's own entry must be on disk before the source is replaced.
  await fsyncDirectory(path.dirname(source.path), fs);
  return staged;
}

async function copyOriginal(
  source: SourceFile,
  staged: string,
  fs: CommitFileSystem,
): Promise<void> {
  await fs.copyFile(source.path, staged);
  const times = getFileTimes(source.stats);
  await fs.utimes(staged, times.atime, times.mtime);
  if ((await hashFile(staged, fs)) !== source.sha256) {
    throw new AppError(
      'E_SOURCE_CHANGED',
      `${source.path} changed while it was copied aside for the trash, so nothing was replaced; clean it again once it is no longer being written.`,
      { path: source.path },
    );
  }
}

/** Returns the staged name of `input` in `stagingDir`. */
export function getStagedPath(stagingDir: string, input: string): string {
  return path.join(stagingDir, path.basename(input));
}
