import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getVaultSize, type VaultSize } from '../../src/commit/get-vault-size.js';
import { VaultSizeCache } from '../../src/daemon/vault-size-cache.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

const MAX_AGE_MS = 60_000;

/** Creates a vault folder with one original of `bytes`, and a cache over it with a set clock. */
async function createVault(bytes: number) {
  const vaultDir = await createTempDir();
  await mkdir(path.join(vaultDir, '2026-12-04'));
  await writeFile(path.join(vaultDir, '2026-12-04', 'a.jpg'), Buffer.alloc(bytes));
  let walks = 0;
  const clock = { now: 1_000_000 };
  const cache = new VaultSizeCache({
    maxAgeMs: MAX_AGE_MS,
    now: () => clock.now,
    measure: (dir) => {
      walks += 1;
      return getVaultSize(dir);
    },
  });
  return { vaultDir, cache, clock, walks: () => walks };
}

async function storeOriginal(vaultDir: string, name: string, bytes: number): Promise<void> {
  await writeFile(path.join(vaultDir, '2026-12-04', name), Buffer.alloc(bytes));
}

describe('VaultSizeCache', () => {
  it('reuses a recent measurement', async () => {
    const vault = await createVault(100);

    const first = await vault.cache.get(vault.vaultDir);
    await storeOriginal(vault.vaultDir, 'b.jpg', 50);
    const second = await vault.cache.get(vault.vaultDir);

    expect(first).toEqual({ bytes: 100, files: 1 });
    expect(second).toEqual({ bytes: 100, files: 1 });
    expect(vault.walks()).toBe(1);
  });

  it('walks again once the measurement is old', async () => {
    const vault = await createVault(100);
    await vault.cache.get(vault.vaultDir);
    await storeOriginal(vault.vaultDir, 'b.jpg', 50);

    vault.clock.now += MAX_AGE_MS;

    expect(await vault.cache.get(vault.vaultDir)).toEqual({ bytes: 150, files: 2 });
    expect(vault.walks()).toBe(2);
  });

  it('counts originals the daemon stores', async () => {
    const vault = await createVault(100);
    await vault.cache.get(vault.vaultDir);

    await storeOriginal(vault.vaultDir, 'b.jpg', 50);
    vault.cache.add(vault.vaultDir, 50);

    expect(await vault.cache.get(vault.vaultDir)).toEqual({ bytes: 150, files: 2 });
    expect(vault.walks()).toBe(1);
  });

  it('walks again after a revert', async () => {
    const vault = await createVault(100);
    await storeOriginal(vault.vaultDir, 'b.jpg', 50);
    await vault.cache.get(vault.vaultDir);

    await rm(path.join(vault.vaultDir, '2026-12-04', 'b.jpg'));
    vault.cache.invalidate();

    expect(await vault.cache.get(vault.vaultDir)).toEqual({ bytes: 100, files: 1 });
    expect(vault.walks()).toBe(2);
  });

  it('runs one walk for requests that overlap', async () => {
    const vault = await createVault(100);

    const sizes = await Promise.all([
      vault.cache.get(vault.vaultDir),
      vault.cache.get(vault.vaultDir),
    ]);

    expect(sizes).toEqual([
      { bytes: 100, files: 1 },
      { bytes: 100, files: 1 },
    ]);
    expect(vault.walks()).toBe(1);
  });

  it('keeps no walk that a revert overtook', async () => {
    let finishWalk: (size: VaultSize) => void = () => undefined;
    let walks = 0;
    const cache = new VaultSizeCache({
      measure: () => {
        walks += 1;
        return new Promise((resolve) => {
          finishWalk = resolve;
        });
      },
    });

    const running = cache.get('/vault');
    cache.invalidate();
    finishWalk({ bytes: 10, files: 1 });
    await running;
    const next = cache.get('/vault');
    finishWalk({ bytes: 0, files: 0 });

    expect(await next).toEqual({ bytes: 0, files: 0 });
    expect(walks).toBe(2);
  });

  it('measures a different vault on its own', async () => {
    const first = await createVault(100);
    const second = await createVault(30);
    await first.cache.get(first.vaultDir);

    expect(await first.cache.get(second.vaultDir)).toEqual({ bytes: 30, files: 1 });
  });
});
