import { open, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  getPlaceholderTarget,
  isCloudPlaceholder,
  isCloudPlaceholderName,
} from '../../src/daemon/is-cloud-placeholder.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('isCloudPlaceholderName', () => {
  it.each(['.IMG_0001.HEIC.icloud', '.photo.jpg.icloud', '.a.icloud'])('matches %j', (name) => {
    expect(isCloudPlaceholderName(name)).toBe(true);
  });

  it.each(['IMG_0001.HEIC', 'photo.icloud', '.icloud', '.photo.jpg'])('rejects %j', (name) => {
    expect(isCloudPlaceholderName(name)).toBe(false);
  });

  it('names the file a stub stands for', () => {
    expect(getPlaceholderTarget('.IMG_0001.HEIC.icloud')).toBe('IMG_0001.HEIC');
    expect(getPlaceholderTarget('IMG_0001.HEIC')).toBeNull();
  });
});

describe('isCloudPlaceholder', () => {
  it('treats a file without blocks as dataless on macOS only', async () => {
    const dir = await createTempDir();
    const sparse = path.join(dir, 'photo.jpg');
    const handle = await open(sparse, 'w');
    await handle.truncate(1_000_000);
    await handle.close();
    const filled = path.join(dir, 'filled.jpg');
    await writeFile(filled, Buffer.alloc(10_000, 1));
    const sparseStats = await stat(sparse);
    const filledStats = await stat(filled);

    expect(sparseStats.blocks).toBe(0);
    expect(isCloudPlaceholder(sparse, sparseStats, 'darwin')).toBe(true);
    expect(isCloudPlaceholder(sparse, sparseStats, 'linux')).toBe(false);
    expect(isCloudPlaceholder(filled, filledStats, 'darwin')).toBe(false);
  });

  it('treats an empty file as a file', () => {
    expect(isCloudPlaceholder('/x/empty.jpg', { size: 0, blocks: 0 }, 'darwin')).toBe(false);
  });

  it('treats an iCloud stub as a placeholder everywhere', () => {
    const stats = { size: 200, blocks: 8 };

    expect(isCloudPlaceholder('/x/.photo.jpg.icloud', stats, 'linux')).toBe(true);
  });
});
