import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Returns the folder that new screenshots land in, or null when it does not exist. On macOS
 * that is the `com.apple.screencapture location` default, else the Desktop. Elsewhere it is
 * `Screenshots` in the XDG pictures folder, where GNOME and KDE save them.
 */
export async function findScreenshotsFolder(
  platform: NodeJS.Platform,
  home: string,
): Promise<string | null> {
  const candidates =
    platform === 'darwin'
      ? [
          await readCommand('defaults', ['read', 'com.apple.screencapture', 'location']),
          path.join(home, 'Desktop'),
        ]
      : [
          joinIfSet(await readCommand('xdg-user-dir', ['PICTURES']), 'Screenshots'),
          path.join(home, 'Pictures', 'Screenshots'),
        ];
  for (const candidate of candidates) {
    if (candidate !== null && (await isDirectory(candidate))) {
      return candidate;
    }
  }
  return null;
}

async function readCommand(file: string, args: readonly string[]): Promise<string | null> {
  try {
    const { stdout } = await run(file, [...args]);
    const value = stdout.trim();
    return path.isAbsolute(value) ? value : null;
  } catch {
    return null;
  }
}

function joinIfSet(folder: string | null, name: string): string | null {
  return folder === null ? null : path.join(folder, name);
}

async function isDirectory(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch {
    return false;
  }
}
