import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveFolder, resolveFolderRoot } from '../../src/daemon/resolve-folder-root.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('resolveFolder', () => {
  it('returns the device and inode', async () => {
    const folder = await createTempDir();
    const stats = await stat(folder, { bigint: true });

    const resolved = await resolveFolder(folder);

    expect(resolved.root).toEqual({ ok: true, root: folder });
    expect(resolved.identity).toBe(`${stats.dev}:${stats.ino}`);
  });

  it('returns no identity for a missing folder', async () => {
    const folder = path.join(await createTempDir(), 'missing');

    const resolved = await resolveFolder(folder);

    expect(resolved.root).toMatchObject({ ok: false, code: 'E_NOT_FOUND' });
    expect(resolved.identity).toBeNull();
  });

  it('rejects a file as a folder', async () => {
    const file = path.join(await createTempDir(), 'a.txt');
    await writeFile(file, 'x');

    const resolved = await resolveFolder(file);

    expect(resolved.root).toMatchObject({ ok: false, code: 'E_NOT_FOUND' });
    expect(resolved.identity).toBeNull();
    expect(await resolveFolderRoot(file)).toEqual(resolved.root);
  });
});
