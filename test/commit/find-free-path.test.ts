import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePath, findFreePathExcluding } from '../../src/commit/find-free-path.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

async function createFiles(dir: string, names: readonly string[]): Promise<void> {
  await Promise.all(names.map((name) => writeFile(path.join(dir, name), '')));
}

describe('findFreePath', () => {
  it('returns a free name unchanged', async () => {
    const dir = await createTempDir();

    expect(await findFreePath(path.join(dir, 'photo.jpg'))).toBe(path.join(dir, 'photo.jpg'));
  });

  it('returns the path in a missing folder unchanged', async () => {
    const dir = await createTempDir();
    const desired = path.join(dir, 'missing', 'photo.jpg');

    expect(await findFreePath(desired)).toBe(desired);
  });

  it('adds (2) before the extension', async () => {
    const dir = await createTempDir();
    await createFiles(dir, ['photo.jpg']);

    expect(await findFreePath(path.join(dir, 'photo.jpg'))).toBe(path.join(dir, 'photo (2).jpg'));
  });

  it('counts up past taken numbers', async () => {
    const dir = await createTempDir();
    await createFiles(dir, ['photo.jpg', 'photo (2).jpg', 'photo (3).jpg']);

    expect(await findFreePath(path.join(dir, 'photo.jpg'))).toBe(path.join(dir, 'photo (4).jpg'));
  });

  it('compares names case-folded', async () => {
    const dir = await createTempDir();
    await createFiles(dir, ['PHOTO.JPG']);

    expect(await findFreePath(path.join(dir, 'photo.jpg'))).toBe(path.join(dir, 'photo (2).jpg'));
  });

  it('compares an NFC name with an existing NFD name', async () => {
    const dir = await createTempDir();
    await createFiles(dir, ['Cafe\u0301.png']);

    expect(await findFreePath(path.join(dir, 'Caf\u00e9.png'))).toBe(
      path.join(dir, 'Caf\u00e9 (2).png'),
    );
  });

  it('compares an NFD name with an existing NFC name', async () => {
    const dir = await createTempDir();
    await createFiles(dir, ['caf\u00e9.png']);

    expect(await findFreePath(path.join(dir, 'CAFE\u0301.png'))).toBe(
      path.join(dir, 'CAFE\u0301 (2).png'),
    );
  });

  it('appends the number to names without an extension', async () => {
    const dir = await createTempDir();
    await createFiles(dir, ['README', '.hidden']);

    expect(await findFreePath(path.join(dir, 'README'))).toBe(path.join(dir, 'README (2)'));
    expect(await findFreePath(path.join(dir, '.hidden'))).toBe(path.join(dir, '.hidden (2)'));
  });

  it('numbers only the last extension', async () => {
    const dir = await createTempDir();
    await createFiles(dir, ['photo.edit.jpg']);

    expect(await findFreePath(path.join(dir, 'photo.edit.jpg'))).toBe(
      path.join(dir, 'photo.edit (2).jpg'),
    );
  });

  it('skips names passed as taken', async () => {
    const dir = await createTempDir();
    const desired = path.join(dir, 'photo.jpg');

    expect(await findFreePathExcluding(desired, [desired])).toBe(path.join(dir, 'photo (2).jpg'));
  });
});
