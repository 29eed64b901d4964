import { mkdir, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { getFileTimes } from './file-times.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
import { isLinkUnsupported, linkToFreePath } from './link-to-free-path.js';
import { publishBytes } from './publish-bytes.js';
import { assertSourceUnchanged, type SourceFile } from './source-file.js';
import { removeFileIfPresent } from './temp-file.js';

/**
 * Moves a file that needs no cleaning to the first free path for `desiredPath` and returns that
 * path. On the same device the file gets a hard link at its new name before the old name is
 * removed. Across devices its verified bytes are published as a new file. Without
 * `keepFileDates` the moved file's access and modification times become `now`.
 *
 * @throws AppError `E_SOURCE_CHANGED` when the source is no longer the file read; it stays.
 */
export async function moveCleanFile(
  source: SourceFile,
  desiredPath: string,
  keepFileDates: boolean,
  now: Date,
): Promise<string> {
  await mkdir(path.dirname(desiredPath), { recursive: true });
  await assertSourceUnchanged(source);
  let moved: string;
  try {
    moved = await linkToFreePath(source.path, desiredPath);
  } catch (error) {
    if (!isLinkUnsupported(error)) {
      throw error;
    }
    const times = keepFileDates ? getFileTimes(source.stats) : { atime: now, mtime: now };
    moved = await publishBytes(source.bytes, desiredPath, times);
    await removeSource(source, moved);
    return moved;
  }
  try {
    await assertSourceUnchanged({ path: moved, stats: source.stats });
    await fsyncDirectory(path.dirname(moved));
  } catch (error) {
    await removeFileIfPresent(moved);
    throw error;
  }
  await removeSource(source, moved);
  if (!keepFileDates) {
    // Only now: the source name shares this inode until it is removed, and its check compares
    // the modification time.
    await utimes(moved, now, now);
    await fsyncFile(moved);
  }
  return moved;
}

async function removeSource(source: SourceFile, moved: string): Promise<void> {
  try {
    await assertSourceUnchanged(source);
    await unlink(source.path);
  } catch (error) {
    await removeFileIfPresent(moved);
    throw error;
  }
  await fsyncDirectory(path.dirname(source.path));
}
