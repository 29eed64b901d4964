import { AppError } from '../shared/errors.js';
import type { CommitFileSystem } from './commit-file-system.js';
import { getFileTimes } from './file-times.js';
import { fsyncFile } from './fsync.js';
import { hashFile } from './hash-file.js';
import type { SourceFile } from './source-file.js';

/**
 * Copies the original to `destination` with its access and modification times, flushes the
 * copy, and checks that it has the SHA-256 of the bytes read. `purpose` completes "copied ..."
 * in the error message, such as "to the vault".
 *
 * @throws AppError `E_SOURCE_CHANGED` when the copy differs from the bytes read. The copy is
 *   left for the caller's rollback.
 */
export async function copyOriginal(
  source: SourceFile,
  destination: string,
  purpose: string,
  fs: CommitFileSystem,
): Promise<void> {
  await fs.copyFile(source.path, destination);
  const times = getFileTimes(source.stats);
  await fs.utimes(destination, times.atime, times.mtime);
  await fsyncFile(destination, fs);
  if ((await hashFile(destination, fs)) !== source.sha256) {
    throw new AppError(
      'E_SOURCE_CHANGED',
      `${source.path} changed while it was copied ${purpose}, so nothing was replaced; clean it again once it is no longer being written.`,
      { path: source.path },
    );
  }
}
