import type { Stats } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from './errors.js';
import { getSocketFallbackDir } from './paths.js';

/**
 * Creates the folder of `socketPath` with mode 0700 when it is missing. The fallback folder
 * under the shared temp dir must also be a real directory that this user owns and that group
 * and others cannot open, because another local user could create it first and listen in.
 *
 * @throws AppError `E_SOCKET_DIR_UNSAFE` when the fallback folder is a link, not a directory,
 *   owned by another user, or open to group or others.
 */
export async function ensureSocketDir(socketPath: string): Promise<void> {
  const dir = path.dirname(socketPath);
  if (dir !== getSocketFallbackDir()) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return;
  }
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }
  const problem = describeUnsafeDir(await lstat(dir));
  if (problem !== null) {
    throw new AppError(
      'E_SOCKET_DIR_UNSAFE',
      `The socket folder ${dir} ${problem}. Remove it and start MetaClear again.`,
      { path: dir },
    );
  }
}

function describeUnsafeDir(stats: Stats): string | null {
  const uid = process.getuid?.() ?? os.userInfo().uid;
  if (!stats.isDirectory()) {
    return 'is a link or not a directory';
  }
  if (stats.uid !== uid) {
    return `is owned by uid ${stats.uid}, not ${uid}`;
  }
  if ((stats.mode & 0o077) !== 0) {
    return `has mode ${(stats.mode & 0o777).toString(8)}, not 700`;
  }
  return null;
}
