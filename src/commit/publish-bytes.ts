import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FileTimes } from './file-times.js';
import { fsyncDirectory } from './fsync.js';
import { linkToFreePath } from './link-to-free-path.js';
import { removeFileIfPresent, writeTempFile } from './temp-file.js';

/**
 * Writes `bytes` as a new file at the first free path for `desiredPath` and returns that path.
 * The bytes go to a hidden temp file in the same folder, are flushed, and get their real name
 * only when complete. The folder is flushed last. Missing parent folders are created, and an
 * existing file is never replaced (see `linkToFreePath` for file systems without hard links).
 */
export async function publishBytes(
  bytes: Uint8Array,
  desiredPath: string,
  times?: FileTimes,
): Promise<string> {
  const dir = path.dirname(desiredPath);
  await mkdir(dir, { recursive: true });
  const tempPath = await writeTempFile(dir, bytes, times === undefined ? {} : { times });
  let published: string;
  try {
    published = await linkToFreePath(tempPath, desiredPath, { renameIfUnsupported: true });
  } finally {
    await removeFileIfPresent(tempPath);
  }
  await fsyncDirectory(dir);
  return published;
}
