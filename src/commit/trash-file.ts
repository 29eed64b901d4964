import { lstat } from 'node:fs/promises';
import trash from 'trash';
import { AppError } from '../shared/errors.js';

/**
 * Moves a file to the user's trash with the `trash` package: the Finder trash on macOS, the XDG
 * trash on Linux.
 *
 * @throws AppError `E_MOVE_FAILED` when the file is still in place afterwards.
 */
export async function trashFile(filePath: string): Promise<void> {
  // Glob off, or a name holding `*`, `[` or `{` would be read as a pattern.
  await trash(filePath, { glob: false });
  // trash() silently ignores paths it cannot find, so the outcome is checked here.
  if (await isPresent(filePath)) {
    throw new AppError(
      'E_MOVE_FAILED',
      `${filePath} could not be moved to the trash; move or delete it by hand.`,
      { path: filePath },
    );
  }
}

async function isPresent(filePath: string): Promise<boolean> {
  try {
    await lstat(filePath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}
