import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCopyNumber, OutputNamer } from '../../src/cli/output-namer.js';
import { findFreePath } from '../../src/commit/find-free-path.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('OutputNamer', () => {
  it('keeps a free name', async () => {
    const dir = await createTempDir();
    const namer = new OutputNamer(findFreePath);

    expect(await namer.claim(path.join(dir, 'a.jpg'))).toBe(path.join(dir, 'a.jpg'));
  });

  it('numbers a name taken on disk', async () => {
    const dir = await createTempDir();
    await writeFile(path.join(dir, 'a.jpg'), 'x');
    await writeFile(path.join(dir, 'a (2).jpg'), 'x');
    const namer = new OutputNamer(findFreePath);

    expect(await namer.claim(path.join(dir, 'a.jpg'))).toBe(path.join(dir, 'a (3).jpg'));
  });

  it('compares names on disk case-folded', async () => {
    const dir = await createTempDir();
    await writeFile(path.join(dir, 'Photo.JPG'), 'x');
    const namer = new OutputNamer(findFreePath);

    expect(await namer.claim(path.join(dir, 'photo.jpg'))).toBe(path.join(dir, 'photo (2).jpg'));
  });

  it('compares NFC and NFD names as one', async () => {
    const dir = await createTempDir();
    await writeFile(path.join(dir, 'caf\u00e9.jpg'), 'x');
    const namer = new OutputNamer(findFreePath);

    const claimed = await namer.claim(path.join(dir, 'cafe\u0301.jpg'));

    expect(claimed).toBe(path.join(dir, 'cafe\u0301 (2).jpg'));
  });

  it('numbers names repeated within one batch', async () => {
    const dir = await createTempDir();
    const namer = new OutputNamer(findFreePath);

    const claimed = [
      await namer.claim(path.join(dir, 'a.jpg')),
      await namer.claim(path.join(dir, 'A.jpg')),
      await namer.claim(path.join(dir, 'a.jpg')),
      await namer.claim(path.join(dir, 'e\u0301.png')),
      await namer.claim(path.join(dir, '\u00e9.png')),
    ];

    expect(claimed.map((claimedPath) => path.basename(claimedPath))).toEqual([
      'a.jpg',
      'A (2).jpg',
      'a (3).jpg',
      'e\u0301.png',
      '\u00e9 (2).png',
    ]);
  });

  it('skips a numbered name taken on disk within a batch', async () => {
    const dir = await createTempDir();
    await writeFile(path.join(dir, 'a (2).jpg'), 'x');
    const namer = new OutputNamer(findFreePath);

    const first = await namer.claim(path.join(dir, 'a.jpg'));
    const second = await namer.claim(path.join(dir, 'a.jpg'));

    expect(path.basename(first)).toBe('a.jpg');
    expect(path.basename(second)).toBe('a (3).jpg');
  });

  it('numbers concurrent claims in call order', async () => {
    const dir = await createTempDir();
    const namer = new OutputNamer(findFreePath);
    const desired = path.join(dir, 'a.jpg');

    const claimed = await Promise.all([
      namer.claim(desired),
      namer.claim(desired),
      namer.claim(desired),
    ]);

    expect(claimed).toEqual([desired, path.join(dir, 'a (2).jpg'), path.join(dir, 'a (3).jpg')]);
  });
});

describe('addCopyNumber', () => {
  it.each([
    ['/out/a.jpg', 2, '/out/a (2).jpg'],
    ['/out/archive.tar.gz', 3, '/out/archive.tar (3).gz'],
    ['/out/noext', 2, '/out/noext (2)'],
    ['/out/.hidden', 2, '/out/.hidden (2)'],
  ])('numbers %s', (input, copyNumber, expected) => {
    expect(addCopyNumber(input, copyNumber)).toBe(expected);
  });
});
