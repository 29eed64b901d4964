import { mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSignature } from '../../src/daemon/file-signature.js';
import {
  FOLDER_RECORDS_FILE,
  getExistingFileKey,
  loadFolderRecords,
  saveFolderRecords,
} from '../../src/daemon/folder-records.js';
import { scanExistingFiles } from '../../src/daemon/scan-existing-files.js';
import { isAppError } from '../../src/shared/errors.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

async function getKey(filePath: string): Promise<string> {
  const signature = await readFileSignature(filePath);
  if (signature === null) {
    throw new Error(`${filePath} is not a regular file`);
  }
  return getExistingFileKey(signature);
}

describe('folder records', () => {
  it('returns no records before the first save', async () => {
    const stateDir = await createTempDir();

    expect((await loadFolderRecords(stateDir)).size).toBe(0);
  });

  it('round-trips records in a private file', async () => {
    const stateDir = await createTempDir();
    const records = new Map([
      [
        '/home/ada/Shots',
        { addedAt: '2024-05-01T10:00:00.000Z', existingFiles: new Set(['1:2:3']) },
      ],
    ]);

    await saveFolderRecords(stateDir, records);
    const loaded = await loadFolderRecords(stateDir);

    expect(loaded).toEqual(records);
    const mode = (await stat(path.join(stateDir, FOLDER_RECORDS_FILE))).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('rejects a damaged records file', async () => {
    const stateDir = await createTempDir();
    await writeFile(path.join(stateDir, FOLDER_RECORDS_FILE), '{"version":1,"folders":[');

    const error: unknown = await loadFolderRecords(stateDir).catch((caught: unknown) => caught);

    expect(isAppError(error)).toBe(true);
    expect(isAppError(error) ? error.code : null).toBe('E_INTERNAL');
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

    expect(keys).toEqual(
      new Set([
        await getKey(path.join(root, 'a.jpg')),
        await getKey(path.join(root, 'trip', 'b.jpg')),
      ]),
    );
  });

  it('stays at the top level when not recursive', async () => {
    const root = await createTempDir();
    await mkdir(path.join(root, 'trip'));
    await writeFile(path.join(root, 'a.jpg'), 'a');
    await writeFile(path.join(root, 'trip', 'b.jpg'), 'bb');

    const keys = await scanExistingFiles(root, false);

    expect(keys).toEqual(new Set([await getKey(path.join(root, 'a.jpg'))]));
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
