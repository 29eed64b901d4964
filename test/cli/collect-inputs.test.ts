import { link, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectInputs, type CollectedInput } from '../../src/cli/collect-inputs.js';
import { isIgnoredName } from '../../src/daemon/ignore-rules.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

/** Creates `files` (paths relative to `root`) with a few bytes each. */
async function createFiles(root: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), 'x');
  }
}

function getRelativeOutputPaths(inputs: readonly CollectedInput[]): string[] {
  return inputs.map((input) => (input.kind === 'file' ? input.relativeOutputPath : input.kind));
}

describe('collectInputs', () => {
  it('keeps the walked folder name in output paths', async () => {
    const root = await createTempDir();
    await createFiles(root, ['photos/a.jpg', 'photos/2024/may/b.png', 'photos/z.jpg']);

    const inputs = await collectInputs([path.join(root, 'photos')], { isIgnoredName });

    expect(getRelativeOutputPaths(inputs)).toEqual([
      path.join('photos', '2024', 'may', 'b.png'),
      path.join('photos', 'a.jpg'),
      path.join('photos', 'z.jpg'),
    ]);
    expect(inputs.every((input) => input.kind === 'file' && !input.explicit)).toBe(true);
  });

  it('gives an explicit file its base name', async () => {
    const root = await createTempDir();
    await createFiles(root, ['deep/down/c.jpg']);

    const [input] = await collectInputs([path.join(root, 'deep/down/c.jpg')], { isIgnoredName });

    expect(input).toMatchObject({ kind: 'file', explicit: true, relativeOutputPath: 'c.jpg' });
  });

  it('leaves out ignored names while walking', async () => {
    const root = await createTempDir();
    await createFiles(root, [
      'photos/a.jpg',
      'photos/.DS_Store',
      'photos/._a.jpg',
      'photos/b.jpg.crdownload',
      'photos/Thumbs.db',
      'photos/.hidden/c.jpg',
    ]);

    const inputs = await collectInputs([path.join(root, 'photos')], { isIgnoredName });

    expect(getRelativeOutputPaths(inputs)).toEqual([path.join('photos', 'a.jpg')]);
  });

  it('never follows links while walking', async () => {
    const root = await createTempDir();
    await createFiles(root, ['photos/a.jpg', 'elsewhere/secret.jpg']);
    await symlink(path.join(root, 'elsewhere'), path.join(root, 'photos/linked-dir'));
    await symlink(path.join(root, 'elsewhere/secret.jpg'), path.join(root, 'photos/linked.jpg'));
    // A link back to the walked folder would loop forever if it were followed.
    await symlink(path.join(root, 'photos'), path.join(root, 'photos/loop'));

    const inputs = await collectInputs([path.join(root, 'photos')], { isIgnoredName });

    expect(getRelativeOutputPaths(inputs)).toEqual([path.join('photos', 'a.jpg')]);
  });

  it('reports an explicit link without following it', async () => {
    const root = await createTempDir();
    await createFiles(root, ['a.jpg']);
    await symlink(path.join(root, 'a.jpg'), path.join(root, 'link.jpg'));

    const [input] = await collectInputs([path.join(root, 'link.jpg')], { isIgnoredName });

    expect(input?.kind).toBe('link');
  });

  it('leaves out excluded folders', async () => {
    const root = await createTempDir();
    await createFiles(root, ['photos/a.jpg', 'photos/cleaned/a.jpg']);

    const inputs = await collectInputs([path.join(root, 'photos')], {
      isIgnoredName,
      excludedDirs: new Set([path.join(root, 'photos/cleaned')]),
    });

    expect(getRelativeOutputPaths(inputs)).toEqual([path.join('photos', 'a.jpg')]);
  });

  it('lists a file reached twice once', async () => {
    const root = await createTempDir();
    await createFiles(root, ['photos/a.jpg']);

    const inputs = await collectInputs(
      [path.join(root, 'photos/a.jpg'), path.join(root, 'photos'), path.join(root, 'photos/a.jpg')],
      { isIgnoredName },
    );

    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ explicit: true, relativeOutputPath: 'a.jpg' });
  });

  it('reports a missing path as not found', async () => {
    const root = await createTempDir();

    const [input] = await collectInputs([path.join(root, 'nope.jpg')], { isIgnoredName });

    expect(input).toMatchObject({ kind: 'error', code: 'E_NOT_FOUND' });
  });

  it('counts hard links', async () => {
    const root = await createTempDir();
    await createFiles(root, ['a.jpg']);
    await link(path.join(root, 'a.jpg'), path.join(root, 'b.jpg'));

    const [input] = await collectInputs([path.join(root, 'a.jpg')], { isIgnoredName });

    expect(input).toMatchObject({ kind: 'file', linkCount: 2 });
  });

  it('shows walked files under the path as given', async () => {
    const root = await createTempDir();
    await createFiles(root, ['my photos/é.jpg']);
    const givenPath = path.join(root, 'my photos') + path.sep;

    const [input] = await collectInputs([givenPath], { isIgnoredName });

    expect(input?.displayPath).toBe(path.join(root, 'my photos', 'é.jpg'));
    expect(input?.kind).toBe('file');
    expect(input?.kind === 'file' ? input.relativeOutputPath : null).toBe(
      path.join('my photos', 'é.jpg'),
    );
  });
});
