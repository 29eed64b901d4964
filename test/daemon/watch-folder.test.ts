import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { appendFile, lstat, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  watchFolder,
  type FolderWatcher,
  type WatchFolderOptions,
} from '../../src/daemon/watch-folder.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';
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
): Promise<{ watcher: FolderWatcher; events: RecordedEvent[] }> {
  const watcher = watchFolder(root, options);
  return { watcher, events: await recordWatcherEvents(watcher) };
}

describe.each([
  { backend: 'native', options: {} },
  { backend: 'polling', options: { usePolling: true, pollIntervalMs: 20 } },
])('watchFolder ($backend)', ({ options }) => {
  it('reports files present before the start', async () => {
    const root = await createTempDir();
    await mkdir(path.join(root, 'trip'));
    await writeFile(path.join(root, 'a.jpg'), 'a');
    await writeFile(path.join(root, 'trip', 'b.jpg'), 'b');

    const { watcher, events } = await startWatching(root, options);

    expect(watcher.isReady).toBe(true);
    expect(events).toEqual(
      expect.arrayContaining([
        ['add', path.join(root, 'a.jpg')],
        ['add', path.join(root, 'trip', 'b.jpg')],
      ]),
    );
    expect(events).toHaveLength(2);
  });

  it('reports added, changed and removed files', async () => {
    const root = await createTempDir();
    const { events } = await startWatching(root, options);
    const photo = path.join(root, 'photo.jpg');

    await writeFile(photo, 'first');
    await waitForWatcherEvent(events, ['add', photo]);
    await appendFile(photo, ' and more');
    await waitForWatcherEvent(events, ['change', photo]);
    await rm(photo);
    await waitForWatcherEvent(events, ['unlink', photo]);
  });

  it('never reports ignored names', async () => {
    const root = await createTempDir();
    await mkdir(path.join(root, '.cache'));
    const { events } = await startWatching(root, options);

    await writeFile(path.join(root, '.DS_Store'), 'x');
    await writeFile(path.join(root, '._photo.jpg'), 'x');
    await writeFile(path.join(root, 'photo.jpg.crdownload'), 'x');
    await writeFile(path.join(root, '.cache', 'photo.jpg'), 'x');
    const sentinel = path.join(root, 'sentinel.jpg');
    await writeFile(sentinel, 'x');
    await waitForWatcherEvent(events, ['add', sentinel]);

    // A native watcher may report the sentinel's write as `add` and then `change`.
    expect(new Set(events.map(([, filePath]) => filePath))).toEqual(new Set([sentinel]));
  });

  it('stays at the top level when not recursive', async () => {
    const root = await createTempDir();
    await mkdir(path.join(root, 'trip'));
    await writeFile(path.join(root, 'trip', 'old.jpg'), 'x');
    const { events } = await startWatching(root, { ...options, recursive: false });

    await writeFile(path.join(root, 'trip', 'new.jpg'), 'x');
    const sentinel = path.join(root, 'sentinel.jpg');
    await writeFile(sentinel, 'x');
    await waitForWatcherEvent(events, ['add', sentinel]);

    // A native watcher may report the sentinel's write as `add` and then `change`.
    expect(new Set(events.map(([, filePath]) => filePath))).toEqual(new Set([sentinel]));
  });

  it('does not follow a link to a folder', async () => {
    const root = await createTempDir();
    const elsewhere = await createTempDir();
    await writeFile(path.join(elsewhere, 'private.jpg'), 'x');
    await symlink(elsewhere, path.join(root, 'linked'));

    const { events } = await startWatching(root, options);

    const reported = events.map(([, filePath]) => filePath);
    expect(reported).not.toContain(path.join(root, 'linked', 'private.jpg'));
    expect(reported.every((filePath) => !filePath.startsWith(elsewhere))).toBe(true);
  });

  it.each([{ recursive: true }, { recursive: false }])(
    'reports files made mid-scan (recursive $recursive)',
    async ({ recursive }) => {
      const root = await createTempDir();
      await mkdir(path.join(root, 'trip'));
      await writeFile(path.join(root, 'a.jpg'), 'a');
      await writeFile(path.join(root, 'trip', 'a.jpg'), 'a');
      const madeFolder = path.join(root, 'later');
      const folders: string[] = [];
      const watcher = watchFolder(root, { ...options, recursive });
      watcher.on('addDir', (dirPath) => folders.push(dirPath));
      // A folder has been listed when its first file is reported, so these are made after the
      // listing and before the scan ends.
      watcher.on('add', (filePath) => {
        if (path.basename(filePath) !== 'a.jpg') {
          return;
        }
        const folder = path.dirname(filePath);
        writeFileSync(path.join(folder, 'b.jpg'), 'made during the scan');
        if (folder === root) {
          mkdirSync(madeFolder);
          writeFileSync(path.join(madeFolder, 'c.jpg'), 'made during the scan');
        }
      });

      const events = await recordWatcherEvents(watcher);

      const expected = recursive ? ['b.jpg', 'trip/b.jpg', 'later/c.jpg'] : ['b.jpg'];
      for (const name of expected) {
        await waitForWatcherEvent(events, ['add', path.join(root, name)]);
      }
      expect(folders).toContain(madeFolder);
      await appendFile(path.join(root, 'b.jpg'), ' and more');
      await waitForWatcherEvent(events, ['change', path.join(root, 'b.jpg')]);
    },
  );

  it('returns the same promise from every close', async () => {
    const root = await createTempDir();
    const { watcher } = await startWatching(root, options);

    const first = watcher.close();

    expect(watcher.close()).toBe(first);
    await first;
  });
});

describe('watchFolder (native)', () => {
  it('reports a save during a change event', async () => {
    const root = await createTempDir();
    const names = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'];
    for (const name of names) {
      await writeFile(path.join(root, name), `first ${name}`);
    }
    const { watcher, events } = await startWatching(root, {});

    for (const name of names) {
      const photo = path.join(root, name);
      let saveIndex = -1;
      // An editor's atomic save lands inside chokidar's handling of the previous replacement,
      // after its `stat` and before it watches the path again, so the new watch is on the new
      // inode and reports nothing.
      const saveOnChange = (filePath: string): void => {
        if (filePath !== photo || saveIndex !== -1) {
          return;
        }
        saveIndex = events.length;
        writeFileSync(path.join(root, `${name}.tmp`), `third ${name}`);
        renameSync(path.join(root, `${name}.tmp`), photo);
      };
      watcher.on('change', saveOnChange);
      writeFileSync(path.join(root, `.${name}.tmp`), `second ${name}`);
      renameSync(path.join(root, `.${name}.tmp`), photo);
      await waitUntil(() => saveIndex !== -1, {
        timeout: 10_000,
        description: `change ${photo}`,
      });
      watcher.off('change', saveOnChange);

      await waitUntil(() => events.slice(saveIndex).some(([, filePath]) => filePath === photo), {
        timeout: 10_000,
        description: `an event for ${photo} after the save`,
      });
      expect((await lstat(photo)).size).toBe(`third ${name}`.length);
    }
  });
});
