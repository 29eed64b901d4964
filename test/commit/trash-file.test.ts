import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from '../../src/commit/commit-file-system.js';
import { openHistory } from '../../src/commit/history/open-history.js';
import { recoverUnfinishedJobs } from '../../src/commit/history/recover-unfinished-jobs.js';
import { processFile, type ProcessFileOptions } from '../../src/commit/process-file.js';
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
const TRASH_INFO = path.join(fakeHome, '.local', 'share', 'Trash', 'info');

/** A file system whose trash refuses every file, as a full or read-only trash would. */
const REFUSING_TRASH: CommitFileSystem = {
  ...NODE_FILE_SYSTEM,
  trash: () =>
    Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
};

/** A file system without hard links, as FAT, exFAT and some network shares are. */
const WITHOUT_HARD_LINKS: CommitFileSystem = {
  ...NODE_FILE_SYSTEM,
  link: () =>
    Promise.reject(Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' })),
};

function createTrashOptions(
  input: string,
  publish: ProcessFileOptions['publish'],
): ProcessFileOptions {
  return {
    input,
    publish,
    policy: DEFAULT_KEEP_POLICY,
    keepFileDates: true,
    originals: { action: 'trash', vaultDir: '/unused', vaultRelativePath: 'shot.jpg' },
    maxFileBytes: 10_000_000,
  };
}

/** Returns the `Path=` lines of every `.trashinfo` file in the fake trash. */
async function readTrashInfoPaths(): Promise<string[]> {
  const names = await readdir(TRASH_INFO).catch(() => []);
  const infos = await Promise.all(
    names.map((name) => readFile(path.join(TRASH_INFO, name), 'utf8')),
  );
  return infos.flatMap((info) => info.split('\n').filter((line) => line.startsWith('Path=')));
}

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

  it('trashes an original without hard links', async () => {
    const dir = path.join(await createTempDir(), 'Stick');
    await mkdir(dir);
    const input = path.join(dir, 'shot.jpg');
    await createDirtyJpeg(input);
    const originalBytes = await readFile(input);

    const report = await processFile({
      ...createTrashOptions(input, { mode: 'in-place' }),
      fileSystem: WITHOUT_HARD_LINKS,
    });

    expect(report).toMatchObject({ status: 'cleaned', output: input, original: null });
    expect(listIdentifyingTags(await readAllTags(input))).toEqual([]);
    expect(await readdir(dir)).toEqual(['shot.jpg']);
    expect(await readTrash()).toContainEqual(originalBytes);
  });

  it('drops a partial copy of the original', async () => {
    const dir = path.join(await createTempDir(), 'Stick');
    await mkdir(dir);
    const input = path.join(dir, 'shot.jpg');
    await createDirtyJpeg(input);
    const originalBytes = await readFile(input);
    const trashedBefore = (await readTrash()).length;
    const failingCopy: CommitFileSystem = {
      ...WITHOUT_HARD_LINKS,
      copyFile: async (source, destination) => {
        const bytes = await readFile(source);
        await writeFile(destination, bytes.subarray(0, bytes.length / 2));
        throw Object.assign(new Error('EIO: i/o error, copyfile'), { code: 'EIO' });
      },
    };

    const report = await processFile({
      ...createTrashOptions(input, { mode: 'in-place' }),
      fileSystem: failingCopy,
    });

    expect(report.status).toBe('failed');
    expect(await readFile(input)).toEqual(originalBytes);
    expect(await readdir(dir)).toEqual(['shot.jpg']);
    expect(await readTrash()).toHaveLength(trashedBefore);
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

  it('restores a trashed original to its own path', async () => {
    const dir = path.join(await createTempDir(), 'Désktop [1]');
    await mkdir(dir);
    const input = path.join(dir, 'shot.jpg');
    await createDirtyJpeg(input);

    await processFile(createTrashOptions(input, { mode: 'in-place' }));

    const paths = await readTrashInfoPaths();
    expect(paths).toContain(`Path=${encodeURI(input)}`);
    expect(paths.filter((line) => line.includes('.metaclear-'))).toEqual([]);
  });

  it('reports a refused trash with the original kept', async () => {
    const root = await createTempDir();
    const dir = path.join(root, 'Desktop');
    await mkdir(dir);
    const input = path.join(dir, 'shot.jpg');
    await createDirtyJpeg(input);
    const originalBytes = await readFile(input);
    const history = openHistory(path.join(root, 'state'));
    try {
      const report = await processFile({
        ...createTrashOptions(input, { mode: 'in-place' }),
        fileSystem: REFUSING_TRASH,
        journal: history.createJournal(),
      });

      expect(report).toMatchObject({ status: 'cleaned', output: input, code: 'E_MOVE_FAILED' });
      expect(listIdentifyingTags(await readAllTags(input))).toEqual([]);
      const [staging, ...others] = (await readdir(dir)).filter((name) => name !== 'shot.jpg');
      expect(others).toEqual([]);
      const kept = path.join(dir, staging ?? '', 'shot.jpg');
      expect(report.reason).toContain(kept);
      expect(await readFile(kept)).toEqual(originalBytes);

      // The next start, with a history of its own, moves it to the trash after all.
      const nextStart = openHistory(path.join(root, 'state'));
      const recovered = await recoverUnfinishedJobs(nextStart).finally(() => {
        nextStart.close();
      });
      expect(recovered.map((job) => job.outcome)).toEqual(['rolled-forward']);
      expect(await readdir(dir)).toEqual(['shot.jpg']);
      expect(await readTrash()).toContainEqual(originalBytes);
    } finally {
      history.close();
    }
  });

  it('keeps the inbox file when the trash refuses it', async () => {
    const root = await createTempDir();
    const input = path.join(root, 'inbox.jpg');
    await createDirtyJpeg(input);
    const originalBytes = await readFile(input);
    const outputPath = path.join(root, 'Cleaned', 'inbox.jpg');

    const report = await processFile({
      ...createTrashOptions(input, { mode: 'output', outputPath }),
      fileSystem: REFUSING_TRASH,
    });

    expect(report).toMatchObject({ status: 'cleaned', output: outputPath, code: 'E_MOVE_FAILED' });
    expect(report.reason).toContain(input);
    expect(await readFile(input)).toEqual(originalBytes);
    expect(listIdentifyingTags(await readAllTags(outputPath))).toEqual([]);
  });
});
