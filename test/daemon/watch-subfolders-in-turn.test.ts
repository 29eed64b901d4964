import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  watchFolder,
  type FolderWatcher,
  type WatchFolderFunction,
  type WatchFolderOptions,
} from '../../src/daemon/watch-folder.js';
import { watchSubfoldersInTurn } from '../../src/daemon/watch-subfolders-in-turn.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import {
  closeWatchers,
  recordWatcherEvents,
  waitForWatcherEvent,
  type RecordedEvent,
} from '../helpers/watcher-events.js';

afterEach(async () => {
  await closeWatchers();
  await removeTempDirs();
});

/** Starts a watcher that records its file events, and waits for its initial scan. */
async function startWatching(
  root: string,
  options: WatchFolderOptions,
  watchOne: WatchFolderFunction = watchFolder,
): Promise<{ watcher: FolderWatcher; events: RecordedEvent[] }> {
  const watcher = watchSubfoldersInTurn(watchOne)(root, options);
  return { watcher, events: await recordWatcherEvents(watcher) };
}

async function writeTree(root: string, files: readonly string[]): Promise<string[]> {
  const filePaths = files.map((file) => path.join(root, file));
  for (const filePath of filePaths) {
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFile(filePath, path.basename(filePath));
  }
  return filePaths;
}

describe.each([
  { backend: 'native', options: {} },
  { backend: 'polling', options: { usePolling: true, pollIntervalMs: 20 } },
])('watchSubfoldersInTurn ($backend)', ({ options }) => {
  it('reports every file before ready', async () => {
    const root = await createTempDir();
    const files = await writeTree(root, ['a.jpg', 'trip/b.jpg', 'trip/day 1/c.jpg', 'home/d.jpg']);
    await writeTree(root, ['.hidden/e.jpg', 'trip/.cache/f.jpg']);

    const { watcher, events } = await startWatching(root, options);

    expect(watcher.isReady).toBe(true);
    expect(events).toEqual(expect.arrayContaining(files.map((file) => ['add', file])));
    expect(events).toHaveLength(files.length);
  });

  it('scans one subfolder at a time', async () => {
    const root = await createTempDir();
    await writeTree(root, ['a/1.jpg', 'b/2.jpg', 'c/3.jpg', 'd/4.jpg']);
    let scanning = 0;
    let maxScanning = 0;
    const countScans: WatchFolderFunction = (folder, folderOptions) => {
      const watcher = watchFolder(folder, folderOptions);
      if (folder !== root) {
        scanning += 1;
        maxScanning = Math.max(maxScanning, scanning);
        void watcher.onReady().then(() => {
          scanning -= 1;
        });
      }
      return watcher;
    };

    const { events } = await startWatching(root, options, countScans);

    expect(events).toHaveLength(4);
    expect(maxScanning).toBe(1);
  });

  it('watches a subfolder created later', async () => {
    const root = await createTempDir();
    const { events } = await startWatching(root, options);

    const [photo = ''] = await writeTree(root, ['new/deeper/photo.jpg']);

    await waitForWatcherEvent(events, ['add', photo]);
  });

  it('watches a subfolder removed and created again', async () => {
    const root = await createTempDir();
    const [first = ''] = await writeTree(root, ['trip/first.jpg']);
    const { events } = await startWatching(root, options);

    await rm(path.join(root, 'trip'), { recursive: true });
    await waitForWatcherEvent(events, ['unlink', first]);
    const [second = ''] = await writeTree(root, ['trip/second.jpg']);

    await waitForWatcherEvent(events, ['add', second]);
  });

  it('passes a flat watch through', async () => {
    const root = await createTempDir();
    const [top = ''] = await writeTree(root, ['top.jpg', 'trip/b.jpg']);

    const { events } = await startWatching(root, { ...options, recursive: false });

    expect(events).toEqual([['add', top]]);
  });
});
