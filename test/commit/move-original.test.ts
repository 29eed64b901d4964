import { appendFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { moveOriginal } from '../../src/commit/move-original.js';
import { readSourceFile, type SourceFile } from '../../src/commit/source-file.js';
import { storeOriginal } from '../../src/commit/store-original.js';
import { getVaultPath } from '../../src/commit/vault-path.js';
import { createOtherDeviceDir, removeOtherDeviceDirs } from '../helpers/other-device-dir.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(async () => {
  await removeTempDirs();
  await removeOtherDeviceDirs();
});

const NOW = new Date(2024, 5, 15, 12);
const ORIGINAL = Buffer.from('original bytes with GPS');

interface Setup {
  readonly source: SourceFile;
  readonly vaultDir: string;
}

async function setUp(vaultRoot?: string): Promise<Setup> {
  const inbox = path.join(await createTempDir(), 'To Clean');
  await mkdir(inbox);
  const filePath = path.join(inbox, 'photo.jpg');
  await writeFile(filePath, ORIGINAL);
  await appendFile(filePath, '');
  const vaultDir = path.join(vaultRoot ?? (await createTempDir()), 'Originals');
  return { source: await readSourceFile(filePath, 1_000_000), vaultDir };
}

function vaultOptions(vaultDir: string) {
  return { action: 'vault', vaultDir, vaultRelativePath: 'To Clean/photo.jpg' } as const;
}

/** Lists every file under `dir`, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('moveOriginal', () => {
  it('moves the original into the dated vault folder', async () => {
    const { source, vaultDir } = await setUp();

    const stored = await moveOriginal(source, vaultOptions(vaultDir), NOW);

    expect(stored).toBe(getVaultPath(vaultDir, 'To Clean/photo.jpg', NOW));
    expect(await readFile(stored ?? '')).toEqual(ORIGINAL);
    await expect(stat(source.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the same file on the same device', async () => {
    const { source, vaultDir } = await setUp();

    const stored = await moveOriginal(source, vaultOptions(vaultDir), NOW);

    const stats = await stat(stored ?? '', { bigint: true });
    expect(stats.ino).toBe(source.stats.ino);
    expect(stats.mtimeNs).toBe(source.stats.mtimeNs);
  });

  it('copies and verifies across devices', async (context) => {
    const otherDevice = await createOtherDeviceDir();
    if (otherDevice === null) {
      context.skip('no second device is writable here');
      return;
    }
    const { source, vaultDir } = await setUp(otherDevice);

    const stored = await moveOriginal(source, vaultOptions(vaultDir), NOW);

    expect(await readFile(stored ?? '')).toEqual(ORIGINAL);
    const stats = await stat(stored ?? '', { bigint: true });
    expect(stats.dev).not.toBe(source.stats.dev);
    // utimes() takes seconds as a double, which keeps the time to well within a microsecond.
    const driftNs = stats.mtimeNs - source.stats.mtimeNs;
    expect(driftNs < 0n ? -driftNs : driftNs).toBeLessThan(1000n);
    await expect(stat(source.path)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await listFiles(vaultDir)).toEqual([path.relative(vaultDir, stored ?? '')]);
  });

  it('never overwrites a vault entry', async () => {
    const { source, vaultDir } = await setUp();
    const earlier = getVaultPath(vaultDir, 'To Clean/photo.jpg', NOW);
    await mkdir(path.dirname(earlier), { recursive: true });
    await writeFile(earlier, 'an earlier original');

    const stored = await moveOriginal(source, vaultOptions(vaultDir), NOW);

    expect(path.basename(stored ?? '')).toBe('photo (2).jpg');
    expect(await readFile(earlier, 'utf8')).toBe('an earlier original');
    expect(await readFile(stored ?? '')).toEqual(ORIGINAL);
  });

  it('deletes the original with action delete', async () => {
    const { source, vaultDir } = await setUp();

    const stored = await moveOriginal(source, { ...vaultOptions(vaultDir), action: 'delete' }, NOW);

    expect(stored).toBe(null);
    await expect(stat(source.path)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(vaultDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each(['vault', 'delete'] as const)(
    'leaves a changed source in place with action %s',
    async (action) => {
      const { source, vaultDir } = await setUp();
      await appendFile(source.path, ' and a later write');

      await expect(
        moveOriginal(source, { ...vaultOptions(vaultDir), action }, NOW),
      ).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });

      expect(await readFile(source.path, 'utf8')).toBe(`${ORIGINAL.toString()} and a later write`);
      const vaultFiles = await listFiles(vaultDir).catch(() => []);
      expect(vaultFiles).toEqual([]);
    },
  );
});

describe('storeOriginal', () => {
  it('leaves the source in place', async () => {
    const { source, vaultDir } = await setUp();
    const vaultFile = getVaultPath(vaultDir, 'photo.jpg', NOW);

    const stored = await storeOriginal(source, vaultFile, vaultDir);

    expect(await readFile(source.path)).toEqual(ORIGINAL);
    expect(await readFile(stored)).toEqual(ORIGINAL);
  });

  it('leaves no temp file across devices', async (context) => {
    const otherDevice = await createOtherDeviceDir();
    if (otherDevice === null) {
      context.skip('no second device is writable here');
      return;
    }
    const { source, vaultDir } = await setUp(otherDevice);
    const vaultFile = getVaultPath(vaultDir, 'photo.jpg', NOW);

    await storeOriginal(source, vaultFile, vaultDir);

    expect(await readdir(path.dirname(vaultFile))).toEqual(['photo.jpg']);
  });
});
