import { readFile, stat } from 'node:fs/promises';
import { runCommand, type CommandRunner } from './command-runner.js';
import type { ScreenshotsFolderReader } from './find-screenshots-folder.js';

/**
 * Creates the {@link ScreenshotsFolderReader} of this machine: `defaults read` through
 * `runner`, and the file system.
 */
export function createScreenshotsFolderReader(
  runner: CommandRunner = runCommand,
): ScreenshotsFolderReader {
  return {
    readScreencaptureLocation: async () => {
      const result = await runner('defaults', ['read', 'com.apple.screencapture', 'location']);
      return result.exitCode === 0 ? result.stdout : null;
    },
    readTextFile: async (filePath) => {
      try {
        return await readFile(filePath, 'utf8');
      } catch {
        return null;
      }
    },
    isDirectory: async (dirPath) => {
      try {
        return (await stat(dirPath)).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
