import { link, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getVaultSize } from '../../src/commit/get-vault-size.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('getVaultSize', () => {
  it('adds up the files of every dated folder', async () => {
    const vaultDir = path.join(await createTempDir(), 'Originals');
    await mkdir(path.join(vaultDir, '2024-06-14', 'Inbox'), { recursive: true });
    await mkdir(path.join(vaultDir, '2024-06-15'), { recursive: true });
    await writeFile(path.join(vaultDir, '2024-06-14', 'Inbox', 'a.jpg'), Buffer.alloc(1000));
    await writeFile(path.join(vaultDir, '2024-06-15', 'b.jpg'), Buffer.alloc(234));

    expect(await getVaultSize(vaultDir)).toEqual({ bytes: 1234, files: 2 });
  });

  it('counts a file with two names once and skips links', async () => {
    const vaultDir = path.join(await createTempDir(), 'Originals');
    const outside = path.join(await createTempDir(), 'big.bin');
    await writeFile(outside, Buffer.alloc(5000));
    await mkdir(path.join(vaultDir, '2024-06-15'), { recursive: true });
    const first = path.join(vaultDir, '2024-06-15', 'a.jpg');
    await writeFile(first, Buffer.alloc(100));
    await link(first, path.join(vaultDir, '2024-06-15', 'a (2).jpg'));
    await symlink(outside, path.join(vaultDir, '2024-06-15', 'link.jpg'));

    expect(await getVaultSize(vaultDir)).toEqual({ bytes: 100, files: 1 });
  });

  it('returns zero for a missing vault', async () => {
    const vaultDir = path.join(await createTempDir(), 'Originals');

    expect(await getVaultSize(vaultDir)).toEqual({ bytes: 0, files: 0 });
  });
});
