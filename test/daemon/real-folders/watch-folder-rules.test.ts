import { appendFile, lstat, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSignature } from '../../../src/daemon/file-signature.js';
import { KnownFileSet } from '../../../src/daemon/known-clean-files.js';
import {
  watchFolder,
  type FolderWatcher,
  type WatchFolderOptions,
} from '../../../src/daemon/watch-folder.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitUntil } from '../../helpers/wait.js';
import {
  closeWatchers,
  recordWatcherEvents,
  waitForWatcherEvent,
  type RecordedEvent,
} from '../../helpers/watcher-events.js';
import { BACKENDS, EVENT_TIMEOUT_MS } from './real-folder-harness.js';

afterEach(async () => {
  await closeWatchers();
  await removeTempDirs();
});

async function startWatching(
  root: string,
  options: WatchFolderOptions,
): Promise<{ watcher: FolderWatcher; events: RecordedEvent[] }> {
  const watcher = watchFolder(root, options);
  return { watcher, events: await recordWatcherEvents(watcher, { failOnError: false }) };
}

function waitForEvent(events: RecordedEvent[], name: string, filePath: string): Promise<boolean> {
  return waitForWatcherEvent(events, [name, filePath], EVENT_TIMEOUT_MS);
}

/** Watches `root` with one file recorded as known, and returns that file's path. */
async function watchWithKnownFile(root: string, options: WatchFolderOptions) {
  const known = path.join(root, 'known.jpg');
  await writeFile(known, 'known');
  const knownFiles = new KnownFileSet();
  const signature = await readFileSignature(known);
  if (signature !== null) {
    knownFiles.add(signature);
  }
  const watching = await startWatching(root, { ...options, knownCleanFiles: knownFiles });
  return { ...watching, known };
}

describe.each(BACKENDS)('watchFolder rules ($backend)', ({ backend, watchOptions }) => {
  it('never reports files below an excluded folder', async () => {
    const root = await createTempDir();
    const vault = path.join(root, 'vault');
    await mkdir(path.join(vault, '2024-05-01'), { recursive: true });
    await writeFile(path.join(vault, '2024-05-01', 'old.jpg'), 'x');
    const { events } = await startWatching(root, { ...watchOptions, excludedPaths: [vault] });

    await writeFile(path.join(vault, 'new.jpg'), 'x');
    const sentinel = path.join(root, 'sentinel.jpg');
    await writeFile(sentinel, 'x');
    await waitForEvent(events, 'add', sentinel);

    expect(events).toEqual([['add', sentinel]]);
  });

  it('skips known files until replaced', async () => {
    const root = await createTempDir();
    const other = path.join(root, 'other.jpg');
    await writeFile(other, 'other');
    const { events, known } = await watchWithKnownFile(root, watchOptions);
    const renamed = path.join(root, 'renamed.jpg');

    await rename(known, renamed);
    await writeFile(other, 'other, edited');
    await waitForEvent(events, 'change', other);
    // An atomic save: the new version is written aside and renamed over the known file.
    await writeFile(path.join(root, 'renamed.jpg.tmp'), 'known, edited');
    await rename(path.join(root, 'renamed.jpg.tmp'), renamed);
    await waitForEvent(events, 'add', renamed);

    expect(events.filter((event) => event[1] !== other)).toEqual([['add', renamed]]);
    expect((await lstat(renamed)).size).toBe('known, edited'.length);
  });

  it('reports a file that became known as changed', async () => {
    const root = await createTempDir();
    const shot = path.join(root, 'shot.jpg');
    await writeFile(shot, 'cleaned by our own write');
    const knownFiles = new KnownFileSet();
    const { events } = await startWatching(root, { ...watchOptions, knownCleanFiles: knownFiles });
    await waitForEvent(events, 'add', shot);
    const signature = await readFileSignature(shot);
    if (signature !== null) {
      knownFiles.add(signature);
    }

    // Any change to the folder makes chokidar read it again and drop the now ignored file.
    await writeFile(path.join(root, '.hidden'), 'x');
    await waitUntil(() => events.length > 1 || undefined, {
      timeout: EVENT_TIMEOUT_MS,
      description: 'a second event',
    });

    expect(events).toEqual([
      ['add', shot],
      ['change', shot],
    ]);
  });

  // Polling notices a new file through its folder's mtime, which a write in place leaves alone.
  it.runIf(backend === 'native')('notices a write in place to a known file', async () => {
    const root = await createTempDir();
    const { events, known } = await watchWithKnownFile(root, watchOptions);

    await appendFile(known, ', edited');
    await waitForEvent(events, 'add', known);

    expect(events).toEqual([['add', known]]);
  });

  it('reports iCloud stubs but no other hidden file', async () => {
    const root = await createTempDir();
    const { events } = await startWatching(root, watchOptions);

    await writeFile(path.join(root, '.hidden.jpg'), 'x');
    await writeFile(path.join(root, 'photo.jpg~'), 'x');
    const stub = path.join(root, '.photo.jpg.icloud');
    await writeFile(stub, 'x');
    await waitForEvent(events, 'add', stub);

    expect(events).toEqual([['add', stub]]);
  });

  it('reports the loss of the watched folder', async () => {
    const parent = await createTempDir();
    const root = path.join(parent, 'Shots');
    await mkdir(root);
    const { events } = await startWatching(root, watchOptions);

    await rename(root, `${root}-away`);
    await waitForEvent(events, 'unlinkRoot', root);
  });
});
