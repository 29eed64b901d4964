import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneVault } from '../../src/commit/prune-vault.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

const NOW = new Date(2024, 5, 15, 9);

async function createVault(names: readonly string[]): Promise<string> {
  const vaultDir = path.join(await createTempDir(), 'Originals');
  for (const name of names) {
    await mkdir(path.join(vaultDir, name, 'Inbox'), { recursive: true });
    await writeFile(path.join(vaultDir, name, 'Inbox', 'photo.jpg'), 'original');
  }
  return vaultDir;
}

describe('pruneVault', () => {
  it('removes dated folders older than the retention', async () => {
    const vaultDir = await createVault(['2024-05-14', '2024-05-15', '2024-05-16', '2024-06-15']);

    const pruned = await pruneVault({ vaultDir, retentionDays: 30, now: NOW });

    expect(pruned.map((folder) => folder.date)).toEqual(['2024-05-14', '2024-05-15']);
    expect((await readdir(vaultDir)).sort()).toEqual(['2024-05-16', '2024-06-15']);
  });

  it('reads the macOS folder names', async () => {
    const vaultDir = await createVault(['2024-01-01.noindex', '2024-06-14.noindex']);

    const pruned = await pruneVault({ vaultDir, retentionDays: 1, now: NOW });

    expect(pruned.map((folder) => path.basename(folder.path))).toEqual(['2024-01-01.noindex']);
  });

  it('leaves other names and links alone', async () => {
    const vaultDir = await createVault(['notes', '2024-01-01-copy']);
    const elsewhere = await createTempDir();
    await symlink(elsewhere, path.join(vaultDir, '2020-01-01'));

    const pruned = await pruneVault({ vaultDir, retentionDays: 1, now: NOW });

    expect(pruned).toEqual([]);
    expect((await readdir(vaultDir)).sort()).toEqual(['2020-01-01', '2024-01-01-copy', 'notes']);
  });

  it('prunes nothing in a missing vault', async () => {
    const vaultDir = path.join(await createTempDir(), 'Originals');

    expect(await pruneVault({ vaultDir, retentionDays: 1, now: NOW })).toEqual([]);
  });

  it('rejects a retention that is not a positive integer', async () => {
    const vaultDir = await createVault([]);

    await expect(pruneVault({ vaultDir, retentionDays: 0, now: NOW })).rejects.toThrow(RangeError);
  });
});
