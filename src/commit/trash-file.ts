import { AppError } from '../shared/errors.js';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';

/**
 * Moves a file to the user's trash with the `trash` package: the Finder trash on macOS, the XDG
 * trash on Linux.
 *
 * @throws AppError `E_MOVE_FAILED` when the file is still in place afterwards.
 */
export async function trashFile(
  filePath: string,
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
): Promise<void> {
  await fs.trash(filePath);
  // trash() silently ignores paths it cannot find, so the outcome is checked here.
  if (await isPresent(filePath, fs)) {
    throw new AppError(
      'E_MOVE_FAILED',
      `${filePath} could not be moved to the trash; move or delete it by hand.`,
      { path: filePath },
    );
  }
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
