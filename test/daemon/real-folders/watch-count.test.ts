import { copyFile, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { watchFolder, type FolderWatcher } from '../../../src/daemon/watch-folder.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import {
  closeDaemons,
  createConfig,
  createHome,
  startDaemon,
  waitForResult,
} from './real-folder-harness.js';

const FOLDER_COUNT = 10;
const FILES_PER_FOLDER = 300;

/** A photo with GPS, made once. */
let photo: string;
const watchers: FolderWatcher[] = [];

beforeAll(async () => {
  if (!isExifToolAvailable()) {
    return;
  }
  photo = path.join(await createTempDir('metaclear-watch-count-'), 'photo.jpg');
  await createDirtyJpeg(photo);
});

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.close()));
  await closeDaemons();
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/**
 * Counts this process's inotify watches: one `inotify wd:` line per watch in the fdinfo of
 * each inotify descriptor. libuv keeps one descriptor per event loop.
 */
async function countInotifyWatches(): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target !== 'anon_inode:inotify') {
      continue;
    }
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
    count += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
  }
  return count;
}

/** Fills `root` with small files in subfolders, as on a desktop full of old screenshots. */
async function createManyFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for (let folder = 0; folder < FOLDER_COUNT; folder += 1) {
    const dir = path.join(root, `year ${2014 + folder}`);
    await mkdir(dir);
    for (let file = 0; file < FILES_PER_FOLDER; file += 1) {
      const filePath = path.join(dir, `shot ${file}.png`);
      await writeFile(filePath, `old screenshot ${file}`);
      files.push(filePath);
    }
  }
  return files;
}

function getRssMb(): number {
  return Math.round(process.memoryUsage().rss / 1_000_000);
}

describe.skipIf(process.platform !== 'linux' || !isExifToolAvailable())(
  'daemon on real folders: watch count',
  () => {
    it('watches folders, not files it already knows', async () => {
      const home = await createHome();
      const files = await createManyFiles(home.shots);
      const baseline = await countInotifyWatches();
      const rssBefore = getRssMb();

      const running = await startDaemon(home, createConfig(home));
      const daemonWatches = (await countInotifyWatches()) - baseline;
      const daemonRss = getRssMb() - rssBefore;
      const known = files[0] ?? '';
      await copyFile(photo, known);
      const fresh = path.join(home.shots, 'year 2024', 'fresh.jpg');
      await mkdir(path.dirname(fresh));
      await copyFile(photo, fresh);
      const results = await Promise.all([known, fresh].map((f) => waitForResult(running, f)));
      await closeDaemons();

      const plainBefore = getRssMb();
      const plain = watchFolder(home.shots);
      watchers.push(plain);
      await plain.onReady();
      const plainWatches = (await countInotifyWatches()) - baseline;
      const plainRss = getRssMb() - plainBefore;
      console.info(
        `[watch count] ${files.length} files in ${FOLDER_COUNT} folders: ` +
          `${daemonWatches} inotify watches (+${daemonRss} MB RSS) with the known-file rule, ` +
          `${plainWatches} (+${plainRss} MB RSS) without`,
      );

      // The watched folder, the inbox, their subfolders, and nothing per known file.
      expect(daemonWatches).toBeLessThanOrEqual(FOLDER_COUNT + 4);
      expect(plainWatches).toBeGreaterThanOrEqual(files.length);
      expect(results.map((result) => result.status)).toEqual(['cleaned', 'cleaned']);
    });
  },
);
