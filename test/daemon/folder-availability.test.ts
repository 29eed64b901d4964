import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderAvailability } from '../../src/daemon/folder-availability.js';
import {
  resolveFolder,
  resolveFolderRoot,
  type FolderRoot,
} from '../../src/daemon/resolve-folder-root.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';

const monitors: FolderAvailability[] = [];

afterEach(async () => {
  monitors.splice(0).forEach((monitor) => {
    monitor.close();
  });
  await removeTempDirs();
});

/**
 * Starts a monitor on `folder` and records its events. The default interval is short, so the
 * timer finds each change. With a long one, only the watch on a missing folder's parent can.
 */
async function startMonitor(folder: string, intervalMs = 20): Promise<FolderRoot[]> {
  const monitor = new FolderAvailability({ intervalMs });
  monitors.push(monitor);
  const changes: FolderRoot[] = [];
  monitor.on('change', (folderPath, root) => {
    expect(folderPath).toBe(folder);
    changes.push(root);
  });
  await monitor.watch(folder, await resolveFolderRoot(folder));
  return changes;
}

function waitForChanges(changes: FolderRoot[], count: number): Promise<boolean> {
  return waitUntil(() => changes.length >= count, { description: `${count} changes` });
}

describe('FolderAvailability', () => {
  it('reports a folder renamed away and back', async () => {
    const home = await createTempDir();
    const folder = path.join(home, 'Shots');
    await mkdir(folder);
    const changes = await startMonitor(folder);

    await rename(folder, `${folder}-away`);
    await waitForChanges(changes, 1);
    await rename(`${folder}-away`, folder);
    await waitForChanges(changes, 2);

    expect(changes[0]).toMatchObject({ ok: false, code: 'E_NOT_FOUND' });
    expect(changes[1]).toEqual({ ok: true, root: folder });
  });

  it('reports the state on a forced check', async () => {
    const home = await createTempDir();
    const folder = path.join(home, 'Shots');
    await mkdir(folder);
    const monitor = new FolderAvailability({ intervalMs: 60_000 });
    monitors.push(monitor);
    const changes: FolderRoot[] = [];
    monitor.on('change', (_folderPath, root) => changes.push(root));
    await monitor.watch(folder, await resolveFolderRoot(folder));

    // A folder made again may get the inode number of the removed one back.
    await rm(folder, { recursive: true });
    await mkdir(folder);
    await monitor.checkNow(folder, { force: true });

    expect(changes).toEqual([{ ok: true, root: folder }]);
  });

  it('checks again after a mid-check request', async () => {
    const home = await createTempDir();
    const folder = path.join(home, 'Later');
    let release: () => void = () => undefined;
    const firstCheckHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    let resolveCalls = 0;
    // The first check finds the folder missing, and returns only after the folder appeared.
    const monitor = new FolderAvailability({
      intervalMs: 60_000,
      resolveFolder: async (folderPath) => {
        const resolved = await resolveFolder(folderPath);
        resolveCalls += 1;
        if (resolveCalls === 1) {
          await firstCheckHeld;
        }
        return resolved;
      },
    });
    monitors.push(monitor);
    const changes: FolderRoot[] = [];
    monitor.on('change', (_folderPath, root) => changes.push(root));
    await monitor.watch(folder, await resolveFolderRoot(folder));

    const first = monitor.checkNow(folder);
    await waitUntil(() => resolveCalls === 1, { description: 'the first check' });
    await mkdir(folder);
    const second = monitor.checkNow(folder);
    release();
    await Promise.all([first, second]);

    expect(changes).toEqual([{ ok: true, root: folder }]);
  });

  it('reports a folder that appears', async () => {
    const home = await createTempDir();
    const folder = path.join(home, 'Later');
    const changes = await startMonitor(folder);

    await mkdir(folder);
    await waitForChanges(changes, 1);

    expect(changes).toEqual([{ ok: true, root: folder }]);
  });

  it('reports a parent renamed away and back', async () => {
    const home = await createTempDir();
    const parent = path.join(home, 'Pictures');
    const folder = path.join(parent, 'Shots');
    await mkdir(folder, { recursive: true });
    const changes = await startMonitor(folder);

    await rename(parent, `${parent}-away`);
    await waitForChanges(changes, 1);
    await rename(`${parent}-away`, parent);
    await waitForChanges(changes, 2);

    expect(changes[0]).toMatchObject({ ok: false, code: 'E_NOT_FOUND' });
    expect(changes[1]).toEqual({ ok: true, root: folder });
  });

  it('reports a nested folder appearing without the timer', async () => {
    const home = await createTempDir();
    const parent = path.join(home, 'Drive');
    const folder = path.join(parent, 'Photos', 'Inbox');
    const changes = await startMonitor(folder, 60_000);

    await mkdir(parent);
    await mkdir(path.join(parent, 'Photos'));
    await mkdir(folder);
    await waitForChanges(changes, 1);

    expect(changes).toEqual([{ ok: true, root: folder }]);
  });

  it('stays quiet while nothing changes', async () => {
    const home = await createTempDir();
    const folder = path.join(home, 'Shots');
    await mkdir(folder);
    const monitor = new FolderAvailability({ intervalMs: 60_000 });
    monitors.push(monitor);
    const changes: FolderRoot[] = [];
    monitor.on('change', (_folderPath, root) => changes.push(root));
    await monitor.watch(folder, await resolveFolderRoot(folder));

    await monitor.checkNow(folder);
    await monitor.checkNow(folder);

    expect(changes).toEqual([]);
  });
});
