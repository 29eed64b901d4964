import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../src/commit/history/history-store.js';
import { openHistory } from '../../src/commit/history/open-history.js';
import { readFileSignature } from '../../src/daemon/file-signature.js';
import type { PresentFile } from '../../src/commit/history/folder-store.js';
import {
  getExistingFileKey,
  loadFolderRecords,
  saveFolderRecord,
} from '../../src/daemon/folder-records.js';
import { scanExistingFiles } from '../../src/daemon/scan-existing-files.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const histories: HistoryStore[] = [];

afterEach(async () => {
  histories.splice(0).forEach((history) => {
    history.close();
  });
  await removeTempDirs();
});

async function openTempHistory(): Promise<{ history: HistoryStore; stateDir: string }> {
  const stateDir = path.join(await createTempDir(), 'state');
  const history = openHistory(stateDir);
  histories.push(history);
  return { history, stateDir };
}

async function getKey(filePath: string): Promise<string> {
  const signature = await readFileSignature(filePath);
  if (signature === null) {
    throw new Error(`${filePath} is not a regular file`);
  }
  return getExistingFileKey(signature);
}

describe('folder records', () => {
  it('returns no records before the first save', async () => {
    const { history } = await openTempHistory();

    expect(loadFolderRecords(history.folders, ['/home/ada/Shots']).size).toBe(0);
  });

  it('round-trips records through the history', async () => {
    const { history, stateDir } = await openTempHistory();
    const record = { addedAt: '2024-05-01T10:00:00.000Z' };

    saveFolderRecord(history.folders, '/home/ada/Shots', record, ['1:2:3', '4:5:6']);
    history.close();
    const reopened = openHistory(stateDir);
    histories.push(reopened);
    const existingFiles: PresentFile[] = [];
    const records = loadFolderRecords(reopened.folders, ['/home/ada/Shots'], (file) => {
      existingFiles.push(file);
    });

    expect(records).toEqual(new Map([['/home/ada/Shots', record]]));
    expect(existingFiles.map(getExistingFileKey).sort()).toEqual(['1:2:3', '4:5:6']);
  });

  it('skips malformed existing-file keys', async () => {
    const { history } = await openTempHistory();
    const record = { addedAt: '2024-05-01T10:00:00.000Z' };

    saveFolderRecord(history.folders, '/home/ada/Shots', record, ['1:2:3', 'not-a-key']);
    const existingFiles: PresentFile[] = [];
    loadFolderRecords(history.folders, ['/home/ada/Shots'], (file) => {
      existingFiles.push(file);
    });

    expect(existingFiles.map(getExistingFileKey)).toEqual(['1:2:3']);
  });

  it('keeps the first record of a folder', async () => {
    const { history } = await openTempHistory();
    const first = { addedAt: '2024-05-01T10:00:00.000Z' };
    const later = { addedAt: '2024-06-01T10:00:00.000Z' };

    saveFolderRecord(history.folders, '/home/ada/Shots', first, ['1:2:3']);
    saveFolderRecord(history.folders, '/home/ada/Shots', later, []);
    const existingFiles: PresentFile[] = [];
    const records = loadFolderRecords(history.folders, ['/home/ada/Shots'], (file) => {
      existingFiles.push(file);
    });

    expect(records.get('/home/ada/Shots')).toEqual(first);
    expect(existingFiles.map(getExistingFileKey)).toEqual(['1:2:3']);
  });
});

describe('scanExistingFiles', () => {
  it('lists regular files, skipping ignored names and links', async () => {
    const root = await createTempDir();
    await mkdir(path.join(root, 'trip'));
    await mkdir(path.join(root, '.hidden'));
    await writeFile(path.join(root, 'a.jpg'), 'a');
    await writeFile(path.join(root, 'trip', 'b.jpg'), 'bb');
    await writeFile(path.join(root, '.hidden', 'c.jpg'), 'ccc');
    await writeFile(path.join(root, '.DS_Store'), 'dddd');
    await symlink(path.join(root, 'a.jpg'), path.join(root, 'link.jpg'));

    const keys = await scanExistingFiles(root, true);
    const expected = [
      await getKey(path.join(root, 'a.jpg')),
      await getKey(path.join(root, 'trip', 'b.jpg')),
    ];

    expect(keys.sort()).toEqual(expected.sort());
  });

  it('leaves out files changed since addedAt', async () => {
    const root = await createTempDir();
    await writeFile(path.join(root, 'a.jpg'), 'a');
    const expected = [await getKey(path.join(root, 'a.jpg'))];

    const addedLater = await scanExistingFiles(root, true, new Date(Date.now() + 60_000));
    const addedBefore = await scanExistingFiles(root, true, new Date(Date.now() - 60_000));

    expect(addedLater).toEqual(expected);
    expect(addedBefore).toEqual([]);
  });

  it('stays at the top level when not recursive', async () => {
    const root = await createTempDir();
    await mkdir(path.join(root, 'trip'));
    await writeFile(path.join(root, 'a.jpg'), 'a');
    await writeFile(path.join(root, 'trip', 'b.jpg'), 'bb');

    const keys = await scanExistingFiles(root, false);

    expect(keys).toEqual([await getKey(path.join(root, 'a.jpg'))]);
  });

  it('lists every file of a folder larger than one batch', async () => {
    const root = await createTempDir();
    const names = Array.from({ length: 150 }, (_, index) => `shot ${index}.png`);
    await Promise.all(names.map((name) => writeFile(path.join(root, name), name)));
    const expected = await Promise.all(names.map((name) => getKey(path.join(root, name))));

    const keys = await scanExistingFiles(root, true);

    expect(keys).toHaveLength(150);
    expect(keys.sort()).toEqual(expected.sort());
  });

  it('gives a rewritten file a new key', async () => {
    const root = await createTempDir();
    const filePath = path.join(root, 'a.jpg');
    await writeFile(filePath, 'a');
    const before = await getKey(filePath);

    await writeFile(filePath, 'longer');

    expect(await getKey(filePath)).not.toBe(before);
  });
});
