import { copyFile, mkdir, readdir, readFile, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/commit/history/open-history.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitUntil } from '../../helpers/wait.js';
import {
  closeDaemons,
  createConfig,
  createHome,
  EVENT_TIMEOUT_MS,
  startDaemon,
  waitForResult,
  type Home,
} from './real-folder-harness.js';

const FOLDER_COUNT = 4;
const FILES_PER_FOLDER = 25;

let photo: string;

beforeAll(async () => {
  if (!isExifToolAvailable()) {
    return;
  }
  photo = path.join(await createTempDir('metaclear-restart-'), 'photo.jpg');
  await createDirtyJpeg(photo);
});

afterEach(closeDaemons);

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** Counts this process's inotify watches, as in watch-count.test.ts. */
async function countInotifyWatches(): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target === 'anon_inode:inotify') {
      const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
      count += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
    }
  }
  return count;
}

/** Fills Shots with dirty photos in subfolders. */
async function createPhotos(home: Home): Promise<string[]> {
  const files: string[] = [];
  for (let folder = 0; folder < FOLDER_COUNT; folder += 1) {
    const dir = path.join(home.shots, `day ${folder}`);
    await mkdir(dir);
    for (let file = 0; file < FILES_PER_FOLDER; file += 1) {
      const filePath = path.join(dir, `shot ${file}.jpg`);
      await copyFile(photo, filePath);
      files.push(filePath);
    }
  }
  return files;
}

describe.skipIf(process.platform !== 'linux' || !isExifToolAvailable())(
  'daemon restart: files known from the history',
  () => {
    it('neither reads nor watches cleaned files again', async () => {
      const home = await createHome();
      const files = await createPhotos(home);
      const config = createConfig(home, {
        folders: [{ path: home.shots, mode: 'in-place', existing: 'clean' }],
      });
      const first = await startDaemon(home, config);
      await waitUntil(() => first.results.length >= files.length || undefined, {
        timeout: EVENT_TIMEOUT_MS * 3,
        description: `${files.length} results`,
      });
      await first.daemon.onQuiescent();
      expect(first.results.filter((result) => result.status === 'cleaned')).toHaveLength(
        files.length,
      );
      await closeDaemons();

      const baseline = await countInotifyWatches();
      const second = await startDaemon(home, config);
      const watches = (await countInotifyWatches()) - baseline;

      // Shots and its subfolders only: no file has a watch of its own, none was read.
      expect(watches).toBeLessThanOrEqual(FOLDER_COUNT + 2);
      expect([...second.contentReads.keys()]).toEqual([]);
      expect(second.results).toEqual([]);
      expect(second.queued).toEqual([]);

      const changed = files[7] ?? '';
      await copyFile(photo, changed);
      const fresh = path.join(home.shots, 'day 0', 'fresh.jpg');
      await copyFile(photo, fresh);
      const results = await Promise.all([changed, fresh].map((f) => waitForResult(second, f)));

      expect(results.map((result) => result.status)).toEqual(['cleaned', 'cleaned']);
      expect([...second.contentReads.keys()].sort()).toEqual([changed, fresh].sort());
      const history = openHistory(home.locations.stateDir);
      try {
        expect(history.knownFiles.list().length).toBeGreaterThanOrEqual(files.length + 1);
      } finally {
        history.close();
      }
    });

    it('forgets files deleted while stopped', async () => {
      const home = await createHome();
      const files = await createPhotos(home);
      const shots = { path: home.shots, mode: 'in-place', existing: 'clean' } as const;
      const config = createConfig(home, { folders: [shots] });
      const first = await startDaemon(home, config);
      await waitUntil(() => first.results.length >= files.length || undefined, {
        timeout: EVENT_TIMEOUT_MS * 3,
        description: `${files.length} results`,
      });
      await first.daemon.onQuiescent();
      await closeDaemons();
      const recorded = countKnownFiles(home);
      const deleted = files.slice(0, 10);
      await Promise.all(deleted.map((filePath) => rm(filePath)));

      // A folder that cannot be scanned may hold any known file, so nothing is forgotten.
      const missing = { path: path.join(home.root, 'Missing'), mode: 'in-place' } as const;
      await startDaemon(home, createConfig(home, { folders: [shots, missing] }));
      await closeDaemons();
      const withFolderMissing = countKnownFiles(home);
      const third = await startDaemon(home, config);
      await closeDaemons();

      expect(recorded).toBe(files.length);
      expect(withFolderMissing).toBe(files.length);
      expect(countKnownFiles(home)).toBe(files.length - deleted.length);
      expect(third.results).toEqual([]);
    });
  },
);

/** Counts the file versions recorded as known in the history of `home`. */
function countKnownFiles(home: Home): number {
  const history = openHistory(home.locations.stateDir);
  try {
    return history.knownFiles.list().length;
  } finally {
    history.close();
  }
}
