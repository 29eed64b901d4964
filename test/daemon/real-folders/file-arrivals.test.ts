import {
  appendFile,
  copyFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { copyFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { processFile, type ProcessFileOptions } from '../../../src/commit/process-file.js';
import { watchFolder, type WatchFolderOptions } from '../../../src/daemon/watch-folder.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { decodePixels } from '../../helpers/pixels.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { SETTLE_MS, waitUntil } from '../../helpers/wait.js';
import { listGpsTags } from '../gps-photo.js';
import {
  BACKENDS,
  closeDaemons,
  createConfig,
  createHome,
  EVENT_TIMEOUT_MS,
  listFiles,
  startDaemon,
  waitForResult,
  type Home,
  type RunningDaemon,
} from './real-folder-harness.js';

/** Two different photos with GPS, made once: `first` and its replacement `second`. */
let fixtures: { readonly first: string; readonly second: string };

beforeAll(async () => {
  if (!isExifToolAvailable()) {
    return;
  }
  const dir = await createTempDir('metaclear-arrivals-');
  fixtures = { first: path.join(dir, 'first.jpg'), second: path.join(dir, 'second.jpg') };
  await createDirtyJpeg(fixtures.first);
  await createDirtyJpeg(fixtures.second);
});

afterEach(closeDaemons);

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** A promise with its resolve function. */
function createGate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Expects `image` to show exactly the pixels of `source`. */
async function expectSamePixels(image: string, source: string): Promise<void> {
  const [actual, expected] = await Promise.all([decodePixels(image), decodePixels(source)]);
  expect(actual.data.equals(expected.data)).toBe(true);
}

/**
 * Starts a daemon that cleans one file at a time, and blocks the job of `blocker.jpg` in the inbox
 * until `gate.open()`, so that the next file stays queued. `started` lists each job's input.
 */
async function startBlockedDaemon(watchOptions: Omit<WatchFolderOptions, 'recursive'>): Promise<{
  readonly home: Home;
  readonly running: RunningDaemon;
  readonly gate: ReturnType<typeof createGate>;
  readonly started: readonly string[];
}> {
  const home = await createHome();
  const blocker = path.join(home.inbox, 'blocker.jpg');
  const gate = createGate();
  const started: string[] = [];
  const gatedProcessFile = async (options: ProcessFileOptions) => {
    started.push(options.input);
    if (options.input === blocker) {
      await gate.promise;
    }
    return processFile(options);
  };
  const running = await startDaemon(home, createConfig(home, { concurrency: 1 }), {
    watchOptions,
    processFile: gatedProcessFile,
  });
  await copyFile(fixtures.first, blocker);
  await waitUntil(() => started.includes(blocker), { timeout: EVENT_TIMEOUT_MS });
  return { home, running, gate, started };
}

describe.skipIf(!isExifToolAvailable()).each(BACKENDS)(
  'daemon on real folders: arrivals ($backend)',
  ({ watchOptions }) => {
    it('cleans files renamed into the folder once', async () => {
      const home = await createHome();
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const album = path.join(home.sources, 'album');
      await mkdir(album);
      await copyFile(fixtures.first, path.join(album, 'a.jpg'));
      await copyFile(fixtures.second, path.join(album, 'b.jpg'));
      await copyFile(fixtures.first, path.join(home.sources, 'single.jpg'));

      await rename(path.join(home.sources, 'single.jpg'), path.join(home.inbox, 'single.jpg'));
      await rename(album, path.join(home.inbox, 'album'));
      const inputs = ['single.jpg', 'album/a.jpg', 'album/b.jpg'].map((name) =>
        path.join(home.inbox, name),
      );
      await Promise.all(inputs.map((input) => waitForResult(running, input)));
      await running.daemon.onQuiescent();

      expect(running.queued.map((job) => job.input).sort()).toEqual([...inputs].sort());
      expect(running.results.map((result) => [result.status, result.code])).toEqual([
        ['cleaned', null],
        ['cleaned', null],
        ['cleaned', null],
      ]);
      expect(await listFiles(home.inbox)).toEqual([]);
      expect(await listFiles(home.cleaned)).toEqual(['album/a.jpg', 'album/b.jpg', 'single.jpg']);
      await expectSamePixels(path.join(home.cleaned, 'album', 'b.jpg'), fixtures.second);
    });

    it('cleans an atomic save once', async () => {
      const home = await createHome();
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const shot = path.join(home.shots, 'shot.jpg');
      await copyFile(fixtures.first, shot);
      const first = await waitForResult(running, shot);
      // The save follows at once, before the watcher has reported our own write, so chokidar's
      // late `unlink` for the cleaned (now known) file arrives after the new version.

      // An editor saves: the new version goes to a temp name, then replaces the file.
      const temp = path.join(home.shots, 'shot.jpg.tmp');
      await copyFile(fixtures.second, temp);
      await rename(temp, shot);
      await waitUntil(() => running.results.length === 2, {
        timeout: EVENT_TIMEOUT_MS,
        description: 'a second job for the saved file',
      });
      await running.daemon.onQuiescent();

      const second = running.results[1];
      expect([first.status, first.code]).toEqual(['cleaned', null]);
      expect(second?.input).toBe(shot);
      expect([second?.status, second?.code]).toEqual(['cleaned', null]);
      expect(running.queued).toHaveLength(2);
      expect(await readFile(second?.original ?? '')).toEqual(await readFile(fixtures.second));
      await expectSamePixels(shot, fixtures.second);
      expect(await listGpsTags(shot)).toEqual([]);
    });

    it.each([{ fileDates: true }, { fileDates: false }])(
      'cleans a save during the clean event (fileDates $fileDates)',
      async ({ fileDates }) => {
        const home = await createHome();
        const shot = path.join(home.shots, 'shot.jpg');
        const temp = path.join(home.shots, 'shot.jpg.tmp');
        let isCommitted = false;
        let isSaved = false;
        // The editor's save runs inside the watcher's first event after our rename, so it lands
        // while chokidar is still handling that rename.
        const saveAfterClean = (filePath: string): void => {
          if (filePath !== shot || !isCommitted || isSaved) {
            return;
          }
          isSaved = true;
          copyFileSync(fixtures.second, temp);
          renameSync(temp, shot);
        };
        const running = await startDaemon(home, createConfig(home, { keep: { fileDates } }), {
          watchOptions,
          onCommitStep: (step) => {
            if (step === 'after-rename') {
              isCommitted = true;
            }
          },
          watchFolder: (root, options) => {
            const watcher = watchFolder(root, options);
            watcher.on('add', saveAfterClean);
            watcher.on('change', saveAfterClean);
            return watcher;
          },
        });

        await copyFile(fixtures.first, shot);
        await waitForResult(running, shot);
        // The watcher may report nothing for our own write once it is known clean, and then the
        // editor saves after the clean's result.
        saveAfterClean(shot);
        await waitUntil(() => running.results.length === 2, {
          timeout: EVENT_TIMEOUT_MS,
          description: 'a second job for the saved file',
        });
        await running.daemon.onQuiescent();

        const [first, second] = running.results;
        expect([first?.status, first?.code]).toEqual(['cleaned', null]);
        expect([second?.status, second?.code]).toEqual(['cleaned', null]);
        expect(running.queued).toHaveLength(2);
        expect(await readFile(second?.original ?? '')).toEqual(await readFile(fixtures.second));
        await expectSamePixels(shot, fixtures.second);
        expect(await listGpsTags(shot)).toEqual([]);
      },
    );

    it('merges repeated events into one job', async () => {
      const home = await createHome();
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const input = path.join(home.inbox, 'growing.jpg');
      const bytes = await readFile(fixtures.first);
      const quarter = Math.ceil(bytes.length / 4);

      // Each append is a change event, and the file is removed and written again once.
      await writeFile(input, bytes.subarray(0, quarter));
      await waitUntil(() => running.daemon.state === 'working', { timeout: EVENT_TIMEOUT_MS });
      await rm(input);
      await writeFile(input, bytes.subarray(0, quarter));
      for (let offset = quarter; offset < bytes.length; offset += quarter) {
        await appendFile(input, bytes.subarray(offset, offset + quarter));
      }
      const result = await waitForResult(running, input);
      await running.daemon.onQuiescent();

      expect([result.status, result.code]).toEqual(['cleaned', null]);
      expect(running.queued.map((job) => job.input)).toEqual([input]);
      expect(running.results).toHaveLength(1);
      expect(await readFile(result.original ?? '')).toEqual(bytes);
    });

    it('cleans the final version of a queued file', async () => {
      const { home, running, gate, started } = await startBlockedDaemon(watchOptions);
      const target = path.join(home.inbox, 'target.jpg');
      await copyFile(fixtures.first, target);
      await waitUntil(() => running.queued.some((job) => job.input === target), {
        timeout: EVENT_TIMEOUT_MS,
      });
      const readsBefore = running.contentReads.get(target) ?? 0;
      const replacement = path.join(home.sources, 'target.jpg');
      await copyFile(fixtures.second, replacement);
      await rename(replacement, target);
      await waitUntil(() => (running.contentReads.get(target) ?? 0) > readsBefore, {
        timeout: EVENT_TIMEOUT_MS,
        description: 'the replacement settled',
      });
      gate.open();
      const result = await waitForResult(running, target);
      await running.daemon.onQuiescent();

      expect([result.status, result.code]).toEqual(['cleaned', null]);
      expect(started.filter((input) => input === target)).toHaveLength(1);
      expect(running.queued.filter((job) => job.input === target)).toHaveLength(1);
      expect(running.results.filter((entry) => entry.input === target)).toHaveLength(1);
      expect(await readFile(result.original ?? '')).toEqual(await readFile(fixtures.second));
      await expectSamePixels(result.output ?? '', fixtures.second);
    });

    it('skips a queued file moved away before its job', async () => {
      const { home, running, gate } = await startBlockedDaemon(watchOptions);
      const target = path.join(home.inbox, 'target.jpg');
      await copyFile(fixtures.first, target);
      await waitUntil(() => running.queued.some((job) => job.input === target), {
        timeout: EVENT_TIMEOUT_MS,
      });
      const away = path.join(home.sources, 'target.jpg');
      await rename(target, away);
      gate.open();
      const skipped = await waitForResult(running, target);
      await running.daemon.onQuiescent();
      // Known versions are keyed by inode, so the file under another name is the same version.
      const returned = path.join(home.inbox, 'returned.jpg');
      await rename(away, returned);
      const cleaned = await waitForResult(running, returned);
      await running.daemon.onQuiescent();

      expect(skipped.event).toBe('job.done');
      expect([skipped.status, skipped.code]).toEqual(['skipped', 'E_NOT_FOUND']);
      expect(skipped.reason).toContain('removed before it was cleaned');
      expect([cleaned.status, cleaned.code]).toEqual(['cleaned', null]);
      expect(running.results.filter((entry) => entry.input === target)).toHaveLength(1);
    });

    it.each([
      { rename: 'letter case', from: 'Shot.JPG', to: 'shot.jpg' },
      { rename: 'NFD to NFC', from: 'cafe\u0301.jpg', to: 'caf\u00e9.jpg' },
    ])('ignores a $rename rename of a cleaned file', async ({ from, to }) => {
      const home = await createHome();
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const before = path.join(home.shots, from);
      await copyFile(fixtures.first, before);
      const result = await waitForResult(running, before);
      await running.daemon.onQuiescent();
      const readsBefore = [...running.contentReads.values()].reduce((sum, n) => sum + n, 0);

      const after = path.join(home.shots, to);
      await rename(before, after);
      // The only fixed wait: the rename must not start a job once its events arrived.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      await running.daemon.onQuiescent();

      expect([result.status, result.code]).toEqual(['cleaned', null]);
      expect(await readdir(home.shots)).toEqual([to]);
      expect(running.queued).toHaveLength(1);
      expect(running.results).toHaveLength(1);
      const readsAfter = [...running.contentReads.values()].reduce((sum, n) => sum + n, 0);
      expect(readsAfter).toBe(readsBefore);
    });

    it('cleans NFC and NFD names separately', async () => {
      const home = await createHome();
      const running = await startDaemon(home, createConfig(home), { watchOptions });
      const sources = new Map([
        ['caf\u00e9.jpg', fixtures.first],
        ['cafe\u0301.jpg', fixtures.second],
      ]);
      for (const [name, source] of sources) {
        await copyFile(source, path.join(home.inbox, name));
      }
      // A file system that normalises names (APFS, HFS+) keeps one file, others keep two.
      const names = await readdir(home.inbox);
      const inputs = names.map((name) => path.join(home.inbox, name));
      await Promise.all(inputs.map((input) => waitForResult(running, input)));
      await running.daemon.onQuiescent();

      expect(running.queued).toHaveLength(inputs.length);
      expect(running.results).toHaveLength(inputs.length);
      expect(await listFiles(home.cleaned)).toHaveLength(inputs.length);
      for (const result of running.results) {
        const source = sources.get(path.basename(result.input)) ?? fixtures.second;
        expect([result.status, result.code]).toEqual(['cleaned', null]);
        expect(await readFile(result.original ?? '')).toEqual(await readFile(source));
        await expectSamePixels(result.output ?? '', source);
      }
    });
  },
);
