import { execFileSync } from 'node:child_process';
import { appendFile, chmod, mkdir, rename, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getFileTimes } from '../../src/commit/file-times.js';
import { assertSourceUnchanged, readSourceFile } from '../../src/commit/source-file.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

const MAX = 1_000_000;

async function createFile(content = 'image bytes'): Promise<string> {
  const filePath = path.join(await createTempDir(), 'photo.jpg');
  await writeFile(filePath, content);
  return filePath;
}

describe('readSourceFile', () => {
  it('returns the bytes, their hash and the file identity', async () => {
    const filePath = await createFile('abc');

    const source = await readSourceFile(filePath, MAX);

    expect(Buffer.from(source.bytes).toString()).toBe('abc');
    expect(source.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(source.stats.size).toBe(3n);
  });

  it('rejects a missing file', async () => {
    const filePath = path.join(await createTempDir(), 'gone.jpg');

    await expect(readSourceFile(filePath, MAX)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('rejects a directory', async () => {
    const dir = await createTempDir();

    await expect(readSourceFile(dir, MAX)).rejects.toMatchObject({ code: 'E_NOT_A_FILE' });
  });

  it('rejects a link without following it', async () => {
    const target = await createFile();
    const link = path.join(path.dirname(target), 'link.jpg');
    await symlink(target, link);

    await expect(readSourceFile(link, MAX)).rejects.toMatchObject({ code: 'E_NOT_A_FILE' });
  });

  it('rejects a FIFO without blocking', async () => {
    const fifo = path.join(await createTempDir(), 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);

    await expect(readSourceFile(fifo, MAX)).rejects.toMatchObject({ code: 'E_NOT_A_FILE' });
  });

  it('rejects a file above the size limit', async () => {
    const filePath = await createFile('12345');

    await expect(readSourceFile(filePath, 4)).rejects.toMatchObject({ code: 'E_FILE_TOO_LARGE' });
  });

  it('reads a file of exactly the size limit', async () => {
    const filePath = await createFile('12345');

    await expect(readSourceFile(filePath, 5)).resolves.toMatchObject({ path: filePath });
  });

  it.skipIf(process.getuid?.() === 0)('rejects an unreadable file', async () => {
    const filePath = await createFile();
    await chmod(filePath, 0o000);

    await expect(readSourceFile(filePath, MAX)).rejects.toMatchObject({ code: 'E_PERMISSION' });
  });
});

describe('assertSourceUnchanged', () => {
  it('accepts the file as read', async () => {
    const source = await readSourceFile(await createFile(), MAX);

    await expect(assertSourceUnchanged(source)).resolves.toBe(undefined);
  });

  it('detects appended bytes', async () => {
    const source = await readSourceFile(await createFile(), MAX);
    await appendFile(source.path, 'more');

    await expect(assertSourceUnchanged(source)).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });
  });

  it('detects a new modification time', async () => {
    const source = await readSourceFile(await createFile(), MAX);
    await utimes(source.path, new Date(2001, 1, 1), new Date(2001, 1, 1));

    await expect(assertSourceUnchanged(source)).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });
  });

  it('detects a replaced file of the same size and time', async () => {
    const source = await readSourceFile(await createFile('same size'), MAX);
    const replacement = path.join(path.dirname(source.path), 'replacement');
    await writeFile(replacement, 'same SIZE');
    const times = getFileTimes(source.stats);
    await utimes(replacement, times.atime, times.mtime);
    await rename(replacement, source.path);

    await expect(assertSourceUnchanged(source)).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });
  });

  it('reports a removed file as not found', async () => {
    const source = await readSourceFile(await createFile(), MAX);
    await rename(source.path, `${source.path}.moved`);

    await expect(assertSourceUnchanged(source)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('detects a directory swapped in', async () => {
    const source = await readSourceFile(await createFile(), MAX);
    await rename(source.path, `${source.path}.moved`);
    await mkdir(source.path);

    await expect(assertSourceUnchanged(source)).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED' });
  });
});
