import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTempPath,
  isTempFileName,
  TEMP_FILE_PREFIX,
  writeTempFile,
} from '../../src/commit/temp-file.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('writeTempFile', () => {
  it('writes a hidden temp file with the bytes', async () => {
    const dir = await createTempDir();

    const tempPath = await writeTempFile(dir, Buffer.from('cleaned'));

    expect(path.dirname(tempPath)).toBe(dir);
    expect(path.basename(tempPath).startsWith(TEMP_FILE_PREFIX)).toBe(true);
    expect(isTempFileName(path.basename(tempPath))).toBe(true);
    expect(await readFile(tempPath, 'utf8')).toBe('cleaned');
  });

  it('sets the exact mode despite the umask', async () => {
    const dir = await createTempDir();

    const tempPath = await writeTempFile(dir, Buffer.from('x'), { mode: 0o664 });

    expect((await stat(tempPath)).mode & 0o777).toBe(0o664);
  });

  it('sets the given file times', async () => {
    const dir = await createTempDir();
    const mtime = new Date('2020-02-02T10:00:00.250Z');

    const tempPath = await writeTempFile(dir, Buffer.from('x'), { times: { atime: mtime, mtime } });

    expect((await stat(tempPath)).mtimeMs).toBe(mtime.getTime());
  });

  it('leaves nothing behind when the write fails', async () => {
    const dir = await createTempDir();

    await expect(
      writeTempFile(dir, Buffer.from('x'), { times: { atime: Number.NaN, mtime: Number.NaN } }),
    ).rejects.toThrow();

    expect(await readdir(dir)).toEqual([]);
  });
});

describe('isTempFileName', () => {
  it('recognises the names createTempPath makes', () => {
    expect(isTempFileName(path.basename(createTempPath('/x')))).toBe(true);
  });

  it('rejects ordinary names', () => {
    expect(isTempFileName('photo.jpg')).toBe(false);
    expect(isTempFileName('.metaclear-notes.txt')).toBe(false);
  });
});
