import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { processFile } from '../../src/commit/process-file.js';
import { trashFile } from '../../src/commit/trash-file.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool, listIdentifyingTags, readAllTags } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

// A fake home, set before `trash` loads, so the test never touches the real user's trash:
// `trash` and xdg-basedir read $HOME and $XDG_DATA_HOME when they are imported. vi.hoisted
// runs before the imports above, so it imports what it needs itself.
const fakeHome = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const nodePath = await import('node:path');
  const home = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'metaclear-test-home-'));
  process.env.HOME = home;
  process.env.XDG_DATA_HOME = nodePath.join(home, '.local', 'share');
  return home;
});

afterEach(removeTempDirs);
afterAll(async () => {
  await closeExifTool();
  await rm(fakeHome, { recursive: true, force: true });
});

const TRASH_FILES = path.join(fakeHome, '.local', 'share', 'Trash', 'files');

/** Returns the contents of every file in the fake trash. */
async function readTrash(): Promise<Buffer[]> {
  const names = await readdir(TRASH_FILES).catch(() => []);
  return Promise.all(names.map((name) => readFile(path.join(TRASH_FILES, name))));
}

describe.runIf(process.platform === 'linux')('trashFile', () => {
  it('moves a file to the XDG trash', async () => {
    const filePath = path.join(await createTempDir(), 'a [1] *.jpg');
    await writeFile(filePath, 'trashed');
    const before = (await readTrash()).length;

    await trashFile(filePath);

    await expect(readFile(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
    const trashed = await readTrash();
    expect(trashed).toHaveLength(before + 1);
    expect(trashed.map(String)).toContain('trashed');
  });

  it('trashes the original after an in-place clean', async () => {
    const dir = path.join(await createTempDir(), 'Desktop');
    await mkdir(dir);
    const input = path.join(dir, 'shot.jpg');
    await createDirtyJpeg(input);
    const originalBytes = await readFile(input);

    const report = await processFile({
      input,
      publish: { mode: 'in-place' },
      policy: DEFAULT_KEEP_POLICY,
      keepFileDates: true,
      originals: { action: 'trash', vaultDir: '/unused', vaultRelativePath: 'shot.jpg' },
      maxFileBytes: 10_000_000,
    });

    expect(report).toMatchObject({ status: 'cleaned', output: input, original: null });
    expect(listIdentifyingTags(await readAllTags(input))).toEqual([]);
    expect(await readdir(dir)).toEqual(['shot.jpg']);
    expect(await readTrash()).toContainEqual(originalBytes);
  });

  it('trashes the inbox file after publishing', async () => {
    const root = await createTempDir();
    const input = path.join(root, 'inbox.jpg');
    await createDirtyJpeg(input);
    const originalBytes = await readFile(input);
    const outputPath = path.join(root, 'Cleaned', 'inbox.jpg');

    const report = await processFile({
      input,
      publish: { mode: 'output', outputPath },
      policy: DEFAULT_KEEP_POLICY,
      keepFileDates: false,
      originals: { action: 'trash', vaultDir: '/unused', vaultRelativePath: 'inbox.jpg' },
      maxFileBytes: 10_000_000,
    });

    expect(report).toMatchObject({ status: 'cleaned', output: outputPath, original: null });
    await expect(readFile(input)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readTrash()).toContainEqual(originalBytes);
  });
});
