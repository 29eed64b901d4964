import { appendFile, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../src/commit/clean-bytes.js';
import { commitInPlace } from '../../src/commit/commit-in-place.js';
import type { OriginalsOptions } from '../../src/commit/originals-options.js';
import { readSourceFile, type SourceFile } from '../../src/commit/source-file.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool, listIdentifyingTags, readAllTags } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createOtherDeviceDir, removeOtherDeviceDirs } from '../helpers/other-device-dir.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(async () => {
  await removeTempDirs();
  await removeOtherDeviceDirs();
});
afterAll(closeExifTool);

const NOW = new Date(2024, 5, 15, 12);

interface Prepared {
  readonly source: SourceFile;
  readonly cleaned: Uint8Array;
  readonly originals: OriginalsOptions;
}

/** Reads and cleans a dirty JPEG, stopping where the commit would begin. */
async function prepare(vaultRoot?: string): Promise<Prepared> {
  const dir = path.join(await createTempDir(), 'Desktop');
  await mkdir(dir);
  const input = path.join(dir, 'shot.jpg');
  await createDirtyJpeg(input);
  const source = await readSourceFile(input, 10_000_000);
  const result = await cleanBytes(source.bytes, DEFAULT_KEEP_POLICY);
  const vaultDir = path.join(vaultRoot ?? (await createTempDir()), 'Originals');
  const originals = { action: 'vault', vaultDir, vaultRelativePath: 'Desktop/shot.jpg' } as const;
  return { source, cleaned: result.bytes, originals };
}

async function listVault(vaultDir: string): Promise<string[]> {
  const entries = await readdir(vaultDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('commitInPlace', () => {
  it('stores the original before replacing the source', async () => {
    const { source, cleaned, originals } = await prepare();

    const { original } = await commitInPlace(source, cleaned, originals, false, NOW);

    expect(await readFile(original ?? '')).toEqual(Buffer.from(source.bytes));
    expect(await readFile(source.path)).toEqual(Buffer.from(cleaned));
    expect(listIdentifyingTags(await readAllTags(source.path))).toEqual([]);
  });

  it('copies the original to a vault on another device', async (context) => {
    const otherDevice = await createOtherDeviceDir();
    if (otherDevice === null) {
      context.skip('no second device is writable here');
      return;
    }
    const { source, cleaned, originals } = await prepare(otherDevice);

    const { original } = await commitInPlace(source, cleaned, originals, false, NOW);

    expect(original?.startsWith(otherDevice)).toBe(true);
    expect(await readFile(original ?? '')).toEqual(Buffer.from(source.bytes));
    expect(await listVault(originals.vaultDir)).toEqual(['shot.jpg']);
  });

  it.each(['vault', 'delete'] as const)(
    'commits nothing when the source changed after the read, action %s',
    async (action) => {
      const { source, cleaned, originals } = await prepare();
      await appendFile(source.path, 'a late write');
      const changedBytes = await readFile(source.path);

      await expect(
        commitInPlace(source, cleaned, { ...originals, action }, false, NOW),
      ).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });

      expect(await readFile(source.path)).toEqual(changedBytes);
      expect(await readdir(path.dirname(source.path))).toEqual(['shot.jpg']);
      expect(await listVault(originals.vaultDir)).toEqual([]);
    },
  );

  it('commits nothing when another file replaced the source', async () => {
    const { source, cleaned, originals } = await prepare();
    const replacement = path.join(path.dirname(source.path), 'new.jpg');
    await writeFile(replacement, source.bytes);
    await rename(replacement, source.path);

    await expect(commitInPlace(source, cleaned, originals, false, NOW)).rejects.toMatchObject({
      code: 'E_SOURCE_CHANGED',
    });

    expect(await readFile(source.path)).toEqual(Buffer.from(source.bytes));
    expect(await readdir(path.dirname(source.path))).toEqual(['shot.jpg']);
    expect(await listVault(originals.vaultDir)).toEqual([]);
  });
});
