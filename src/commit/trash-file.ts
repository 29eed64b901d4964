import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { AppError } from '../shared/errors.js';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';

/**
 * Moves a file to the user's trash with the `trash` package: the Finder trash on macOS, the XDG
 * trash on Linux. With `restorePath`, the XDG trash restores the file there rather than at
 * `filePath`: an original that waited under a staging name goes back under its own name.
 *
 * @throws AppError `E_MOVE_FAILED`, with `path` set to `filePath`, when the trash refuses the
 *   file or the file is still in place afterwards.
 */
export async function trashFile(
  filePath: string,
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
  restorePath?: string,
): Promise<void> {
  let infoPath: string | null;
  try {
    infoPath = await fs.trash(filePath);
  } catch (error) {
    throw createMoveFailedError(filePath, error);
  }
  // trash() silently ignores paths it cannot find, so the outcome is checked here.
  if (await isPresent(filePath, fs)) {
    throw createMoveFailedError(filePath, undefined);
  }
  if (restorePath !== undefined && infoPath !== null) {
    // A failed rewrite only leaves the staging path as the place to restore to.
    // NOTE: on macOS Finder's "Put Back" always returns such a file to its staging folder.
    await setTrashInfoPath(infoPath, restorePath).catch(() => undefined);
  }
}

/**
 * Rewrites the `Path=` line of an XDG `.trashinfo` file. The spec stores the original location
 * percent-encoded, as the `trash` package writes it with `encodeURI`.
 */
async function setTrashInfoPath(infoPath: string, restorePath: string): Promise<void> {
  const info = await readFile(infoPath, 'utf8');
  const rewritten = info.replace(/^Path=.*$/m, `Path=${encodeURI(restorePath)}`);
  await writeFileAtomic(infoPath, rewritten);
}

async function isPresent(filePath: string, fs: CommitFileSystem): Promise<boolean> {
  try {
    await fs.lstat(filePath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

function createMoveFailedError(filePath: string, cause: unknown): AppError {
  return new AppError(
    'E_MOVE_FAILED',
    `${filePath} could not be moved to the trash; move or delete it by hand.`,
    cause === undefined ? { path: filePath } : { cause, path: filePath },
  );
}
