import path from 'node:path';
import type { CommitFileSystem } from './commit-file-system.js';
import { copyOriginal } from './copy-original.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
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
    await copyOriginal(source, staged, 'aside for the trash', fs);
  }
  await fsyncFile(staged, fs);
  await fsyncDirectory(stagingDir, fs);
  // The staging folder's own entry must be on disk before the source is replaced.
  await fsyncDirectory(path.dirname(source.path), fs);
  return staged;
}

/** Returns the staged name of `input` in `stagingDir`. */
export function getStagedPath(stagingDir: string, input: string): string {
  return path.join(stagingDir, path.basename(input));
}
