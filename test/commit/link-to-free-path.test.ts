import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { linkToFreePath } from '../../src/commit/link-to-free-path.js';
import { processFile } from '../../src/commit/process-file.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);
afterAll(closeExifTool);

function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

describe('linkToFreePath', () => {
  it.each([
    ['letter case', 'photo.jpg', 'Photo.JPG'],
    ['Unicode normalisation', 'caf\u00e9.jpg', 'cafe\u0301.jpg'],
  ])('gives concurrent links names that differ in %s', async (_, first, second) => {
    const dir = await createTempDir();
    const out = path.join(dir, 'out');
    await mkdir(out);
    await writeFile(path.join(dir, 'a'), 'a');
    await writeFile(path.join(dir, 'b'), 'b');

    const linked = await Promise.all([
      linkToFreePath(path.join(dir, 'a'), path.join(out, first)),
      linkToFreePath(path.join(dir, 'b'), path.join(out, second)),
    ]);

    const names = await readdir(out);
    expect(names).toHaveLength(2);
    expect(new Set(names.map(foldName)).size).toBe(2);
    expect(linked.map((linkedPath) => path.basename(linkedPath)).sort()).toEqual(names.sort());
  });
});

describe('processFile into one output folder', () => {
  it('publishes concurrent jobs under distinct names', async () => {
    const root = await createTempDir();
    const inbox = path.join(root, 'To Clean');
    const cleaned = path.join(root, 'Cleaned');
    const vault = path.join(root, 'Originals');
    await mkdir(path.join(inbox, 'upper'), { recursive: true });
    await mkdir(path.join(inbox, 'lower'));
    const inputs = [path.join(inbox, 'lower', 'trip.jpg'), path.join(inbox, 'upper', 'TRIP.jpg')];
    for (const input of inputs) {
      await createDirtyJpeg(input);
    }

    const reports = await Promise.all(
      inputs.map((input) =>
        processFile({
          input,
          publish: { mode: 'output', outputPath: path.join(cleaned, path.basename(input)) },
          policy: DEFAULT_KEEP_POLICY,
          keepFileDates: false,
          originals: {
            action: 'vault',
            vaultDir: vault,
            vaultRelativePath: path.relative(root, input),
          },
          maxFileBytes: 10_000_000,
        }),
      ),
    );

    expect(reports.map((report) => report.status)).toEqual(['cleaned', 'cleaned']);
    const names = await readdir(cleaned);
    expect(names).toHaveLength(2);
    expect(new Set(names.map(foldName)).size).toBe(2);
  });
});
