import path from 'node:path';
import { expandHome } from './paths.js';

/** Reads what {@link findScreenshotsFolder} needs from the system; tests pass their own. */
export interface ScreenshotsFolderReader {
  /**
   * Returns the output of `defaults read com.apple.screencapture location`, or null when the
   * key is unset or `defaults` fails.
   */
  readonly readScreencaptureLocation: () => Promise<string | null>;
  /** Returns a file's text, or null when it cannot be read. */
  readonly readTextFile: (filePath: string) => Promise<string | null>;
  /** Returns true when `dirPath` is a directory. */
  readonly isDirectory: (dirPath: string) => Promise<boolean>;
}

/** Where a screenshots folder was found. */
export type ScreenshotsFolderSource =
  /** macOS: `com.apple.screencapture location`. */
  | 'screencapture-location'
  /** macOS without that setting: screenshots go to the Desktop. */
  | 'desktop'
  /** Linux: a `Screenshots` folder in the XDG Pictures folder, as GNOME creates it. */
  | 'pictures-screenshots'
  /** Linux without that folder: the XDG Pictures folder itself, where KDE Spectacle saves. */
  | 'pictures';

/** The folder where new screenshots land. */
export interface ScreenshotsFolder {
  /** Absolute path. */
  readonly path: string;
  readonly source: ScreenshotsFolderSource;
  /** False when the folder does not exist yet. */
  readonly exists: boolean;
}

/** Options for {@link findScreenshotsFolder}. */
export interface FindScreenshotsFolderOptions {
  readonly platform: NodeJS.Platform;
  /** The real home folder, which `~` and `$HOME` mean. */
  readonly homeDir: string;
  /** Read for `XDG_CONFIG_HOME`, which locates `user-dirs.dirs`. */
  readonly env: NodeJS.ProcessEnv;
  readonly reader: ScreenshotsFolderReader;
}

/**
 * Finds the folder where the desktop saves new screenshots. macOS: the screencapture
 * `location` setting, else `~/Desktop`. Linux: `Screenshots` inside the XDG Pictures folder
 * (`XDG_PICTURES_DIR` in `$XDG_CONFIG_HOME/user-dirs.dirs`, else `~/Pictures`) when it
 * exists, else the Pictures folder itself.
 *
 * @example
 * const folder = await findScreenshotsFolder({ platform, homeDir, env, reader });
 */
export async function findScreenshotsFolder(
  options: FindScreenshotsFolderOptions,
): Promise<ScreenshotsFolder> {
  const { reader, homeDir } = options;
  if (options.platform === 'darwin') {
    const location = normaliseLocation(await reader.readScreencaptureLocation(), homeDir);
    if (location !== null) {
      return {
        path: location,
        source: 'screencapture-location',
        exists: await reader.isDirectory(location),
      };
    }
    const desktop = path.join(homeDir, 'Desktop');
    return { path: desktop, source: 'desktop', exists: await reader.isDirectory(desktop) };
  }

  const pictures = await findPicturesFolder(options);
  const screenshots = path.join(pictures, 'Screenshots');
  if (await reader.isDirectory(screenshots)) {
    return { path: screenshots, source: 'pictures-screenshots', exists: true };
  }
  // NOTE: GNOME names this folder in the session's language (the translation of
  // "Screenshots"), which is not detected here, so such a desktop gets the Pictures folder.
  return { path: pictures, source: 'pictures', exists: await reader.isDirectory(pictures) };
}

/** Returns the absolute screencapture location, or null when it is unset or relative. */
function normaliseLocation(value: string | null, homeDir: string): string | null {
  const trimmed = value?.trim() ?? '';
  const expanded = expandHome(trimmed, homeDir);
  return path.isAbsolute(expanded) ? path.resolve(expanded) : null;
}

async function findPicturesFolder(options: FindScreenshotsFolderOptions): Promise<string> {
  const configured = options.env.XDG_CONFIG_HOME;
  const configHome =
    configured !== undefined && path.isAbsolute(configured)
      ? configured
      : path.join(options.homeDir, '.config');
  const text = await options.reader.readTextFile(path.join(configHome, 'user-dirs.dirs'));
  const pictures = text === null ? null : parseUserDir(text, 'XDG_PICTURES_DIR', options.homeDir);
  return pictures ?? path.join(options.homeDir, 'Pictures');
}

/**
 * Reads one entry of a `user-dirs.dirs` file. Its lines have the form
 * `XDG_PICTURES_DIR="$HOME/Pictures"`: the value is quoted, starts with `$HOME/` or `/`, and
 * may escape characters with a backslash. An entry equal to `$HOME` disables that folder, so
 * it counts as missing. The last valid line wins, as when a shell sources the file.
 */
export function parseUserDir(text: string, key: string, homeDir: string): string | null {
  let found: string | null = null;
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z_]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (match?.[1] !== key || match[2] === undefined) {
      continue;
    }
    const value = match[2].replace(/\\(.)/g, '$1');
    const resolved = resolveUserDirValue(value, homeDir);
    if (resolved !== null) {
      found = resolved;
    }
  }
  return found;
}

function resolveUserDirValue(value: string, homeDir: string): string | null {
  if (value === '$HOME' || value === '$HOME/') {
    return null;
  }
  if (value.startsWith('$HOME/')) {
    return path.join(homeDir, value.slice('$HOME/'.length));
  }
  return path.isAbsolute(value) ? path.resolve(value) : null;
}
