import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../src/shared/command-runner.js';
import { createScreenshotsFolderReader } from '../../src/shared/create-screenshots-folder-reader.js';
import {
  findScreenshotsFolder,
  parseUserDir,
  type ScreenshotsFolderReader,
} from '../../src/shared/find-screenshots-folder.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

/** Creates a reader over a fixed screencapture location, files by path and folders. */
function createFakeReader(
  options: {
    readonly location?: string;
    readonly files?: Readonly<Record<string, string>>;
    readonly folders?: readonly string[];
  } = {},
): ScreenshotsFolderReader {
  return {
    readScreencaptureLocation: () => Promise.resolve(options.location ?? null),
    readTextFile: (filePath) => Promise.resolve(options.files?.[filePath] ?? null),
    isDirectory: (dirPath) => Promise.resolve(options.folders?.includes(dirPath) ?? false),
  };
}

describe('findScreenshotsFolder on macOS', () => {
  const base = { platform: 'darwin' as const, homeDir: '/Users/ada', env: {} };

  it('uses the screencapture location', async () => {
    const reader = createFakeReader({
      location: '/Users/ada/Pictures/Shots\n',
      folders: ['/Users/ada/Pictures/Shots'],
    });

    const folder = await findScreenshotsFolder({ ...base, reader });

    expect(folder).toEqual({
      path: '/Users/ada/Pictures/Shots',
      source: 'screencapture-location',
      exists: true,
    });
  });

  it('expands a tilde in the location', async () => {
    const reader = createFakeReader({ location: '~/MetaClear/Screenshots' });

    const folder = await findScreenshotsFolder({ ...base, reader });

    expect(folder.path).toBe('/Users/ada/MetaClear/Screenshots');
    expect(folder.exists).toBe(false);
  });

  it('falls back to the Desktop', async () => {
    const reader = createFakeReader({ folders: ['/Users/ada/Desktop'] });

    const folder = await findScreenshotsFolder({ ...base, reader });

    expect(folder).toEqual({ path: '/Users/ada/Desktop', source: 'desktop', exists: true });
  });

  it('ignores a relative location', async () => {
    const reader = createFakeReader({ location: 'Pictures' });

    const folder = await findScreenshotsFolder({ ...base, reader });

    expect(folder.source).toBe('desktop');
  });
});

describe('findScreenshotsFolder on Linux', () => {
  const base = { platform: 'linux' as const, homeDir: '/home/ada', env: {} };
  const userDirs = '/home/ada/.config/user-dirs.dirs';

  it('uses Screenshots in the XDG Pictures folder', async () => {
    const reader = createFakeReader({
      files: { [userDirs]: 'XDG_PICTURES_DIR="$HOME/Bilder"\n' },
      folders: ['/home/ada/Bilder', '/home/ada/Bilder/Screenshots'],
    });

    const folder = await findScreenshotsFolder({ ...base, reader });

    expect(folder).toEqual({
      path: '/home/ada/Bilder/Screenshots',
      source: 'pictures-screenshots',
      exists: true,
    });
  });

  it('uses Pictures itself without Screenshots', async () => {
    const reader = createFakeReader({ folders: ['/home/ada/Pictures'] });

    const folder = await findScreenshotsFolder({ ...base, reader });

    expect(folder).toEqual({ path: '/home/ada/Pictures', source: 'pictures', exists: true });
  });

  it('reads user-dirs.dirs from XDG_CONFIG_HOME', async () => {
    const reader = createFakeReader({
      files: { '/xdg/user-dirs.dirs': 'XDG_PICTURES_DIR="/data/photos"\n' },
    });
    const env = { XDG_CONFIG_HOME: '/xdg' };

    const folder = await findScreenshotsFolder({ ...base, env, reader });

    expect(folder.path).toBe('/data/photos');
  });

  it('never runs defaults', async () => {
    let isCalled = false;
    const reader = {
      ...createFakeReader(),
      readScreencaptureLocation: () => {
        isCalled = true;
        return Promise.resolve('/elsewhere');
      },
    };

    await findScreenshotsFolder({ ...base, reader });

    expect(isCalled).toBe(false);
  });
});

describe('parseUserDir', () => {
  it('expands $HOME and escapes', () => {
    const text = [
      '# written by xdg-user-dirs-update',
      'XDG_DESKTOP_DIR="$HOME/Desktop"',
      'XDG_PICTURES_DIR="$HOME/My \\"Pics\\""',
    ].join('\n');

    expect(parseUserDir(text, 'XDG_PICTURES_DIR', '/home/ada')).toBe('/home/ada/My "Pics"');
  });

  it('treats $HOME alone as unset', () => {
    expect(parseUserDir('XDG_PICTURES_DIR="$HOME/"', 'XDG_PICTURES_DIR', '/h')).toBeNull();
  });

  it('rejects a relative value', () => {
    expect(parseUserDir('XDG_PICTURES_DIR="Pictures"', 'XDG_PICTURES_DIR', '/h')).toBeNull();
  });

  it('keeps the last valid line', () => {
    const text = 'XDG_PICTURES_DIR="/a"\nXDG_PICTURES_DIR="/b"\n';

    expect(parseUserDir(text, 'XDG_PICTURES_DIR', '/h')).toBe('/b');
  });
});

describe('createScreenshotsFolderReader', () => {
  it('reads the location through the runner', async () => {
    const calls: string[][] = [];
    const runner: CommandRunner = (command, args) => {
      calls.push([command, ...args]);
      return Promise.resolve({ exitCode: 0, stdout: '/Users/ada/Shots\n', stderr: '' });
    };

    const location = await createScreenshotsFolderReader(runner).readScreencaptureLocation();

    expect(location).toBe('/Users/ada/Shots\n');
    expect(calls).toEqual([['defaults', 'read', 'com.apple.screencapture', 'location']]);
  });

  it('returns null when the key is unset', async () => {
    const runner: CommandRunner = () =>
      Promise.resolve({ exitCode: 1, stdout: '', stderr: 'does not exist' });

    const location = await createScreenshotsFolderReader(runner).readScreencaptureLocation();

    expect(location).toBeNull();
  });

  it('finds a real Screenshots folder', async () => {
    const home = await createTempDir();
    await mkdir(path.join(home, 'Pictures', 'Screenshots'), { recursive: true });
    await mkdir(path.join(home, '.config'));
    await writeFile(
      path.join(home, '.config', 'user-dirs.dirs'),
      'XDG_PICTURES_DIR="$HOME/Pictures"\n',
    );

    const folder = await findScreenshotsFolder({
      platform: 'linux',
      homeDir: home,
      env: {},
      reader: createScreenshotsFolderReader(),
    });

    expect(folder.path).toBe(path.join(home, 'Pictures', 'Screenshots'));
    expect(folder.exists).toBe(true);
  });
});
