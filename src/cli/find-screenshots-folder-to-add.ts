import { createScreenshotsFolderReader } from '../shared/create-screenshots-folder-reader.js';
import { findScreenshotsFolder } from '../shared/find-screenshots-folder.js';
import { createUsageError } from './create-usage-error.js';

/**
 * Finds the folder where this desktop saves screenshots, for `folders add --screenshots`.
 *
 * @throws {AppError} `E_USAGE` when that folder does not exist, naming it.
 */
export async function findScreenshotsFolderToAdd(
  homeDir: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const folder = await findScreenshotsFolder({
    platform: process.platform,
    homeDir,
    env,
    reader: createScreenshotsFolderReader(),
  });
  if (!folder.exists) {
    throw createUsageError(
      `the screenshots folder ${folder.path} does not exist yet; take a screenshot first, ` +
        'or give the folder as PATH: `metaclear folders add PATH`.',
    );
  }
  return folder.path;
}
