import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createVaultFolders, getVaultPath } from '../../src/commit/vault-path.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

/** 23:30 local time, so a UTC-based date would often fall on another day. */
const LATE_EVENING = new Date(2024, 0, 31, 23, 30);

describe('getVaultPath', () => {
  it('files originals under the local processing date', () => {
    expect(getVaultPath('/v', 'To Clean/trip/a.jpg', LATE_EVENING, 'linux')).toBe(
      '/v/2024-01-31/To Clean/trip/a.jpg',
    );
  });

  it('names the dated folder .noindex on macOS', () => {
    expect(getVaultPath('/v', 'a.jpg', LATE_EVENING, 'darwin')).toBe('/v/2024-01-31.noindex/a.jpg');
  });

  it('pads month and day', () => {
    expect(getVaultPath('/v', 'a.jpg', new Date(2025, 2, 4, 8), 'linux')).toBe(
      '/v/2025-03-04/a.jpg',
    );
  });

  it.each(['', '/etc/passwd', '..', '../a.jpg', 'x/../../a.jpg', '.'])(
    'rejects the relative path %j',
    (relativePath) => {
      expect(() => getVaultPath('/v', relativePath, LATE_EVENING, 'linux')).toThrow(RangeError);
    },
  );
});

describe('createVaultFolders', () => {
  it('creates the vault, dated and sub folders with mode 0700', async () => {
    const vaultDir = path.join(await createTempDir(), 'Originals');
    const vaultFile = getVaultPath(vaultDir, 'To Clean/trip/a.jpg', LATE_EVENING, 'linux');

    await createVaultFolders(vaultFile, vaultDir);

    const folders = [
      vaultDir,
      path.join(vaultDir, '2024-01-31'),
      path.join(vaultDir, '2024-01-31', 'To Clean'),
      path.dirname(vaultFile),
    ];
    for (const folder of folders) {
      expect((await stat(folder)).mode & 0o777, folder).toBe(0o700);
    }
  });

  it('accepts folders that exist already', async () => {
    const vaultDir = path.join(await createTempDir(), 'Originals');
    const vaultFile = getVaultPath(vaultDir, 'a.jpg', LATE_EVENING, 'linux');
    await createVaultFolders(vaultFile, vaultDir);

    await expect(createVaultFolders(vaultFile, vaultDir)).resolves.toBe(undefined);
  });
});
