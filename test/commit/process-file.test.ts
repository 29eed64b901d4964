import {
  chmod,
  mkdir,
  readFile,
  readdir,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  processFile,
  type ProcessFileOptions,
  type Publish,
} from '../../src/commit/process-file.js';
import { getVaultPath } from '../../src/commit/vault-path.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool, listIdentifyingTags, readAllTags } from '../helpers/exiftool.js';
import { createCleanJpeg, createDirtyJpeg, createDirtyPng } from '../helpers/image-fixtures.js';
import { createOtherDeviceDir, removeOtherDeviceDirs } from '../helpers/other-device-dir.js';
import { decodePixels } from '../helpers/pixels.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(async () => {
  await removeTempDirs();
  await removeOtherDeviceDirs();
});
afterAll(closeExifTool);

const NOW = new Date(2024, 5, 15, 12);
const OLD_TIME = new Date('2020-01-02T03:04:05.678Z');

interface Folders {
  readonly inbox: string;
  readonly cleaned: string;
  readonly vault: string;
}

async function createFolders(outputRoot?: string): Promise<Folders> {
  const root = await createTempDir();
  const inbox = path.join(root, 'To Clean');
  await mkdir(inbox);
  return {
    inbox,
    cleaned: path.join(outputRoot ?? root, 'Cleaned'),
    vault: path.join(root, 'Originals'),
  };
}

function createOptions(
  folders: Folders,
  input: string,
  publish: Publish,
  overrides: Partial<ProcessFileOptions> = {},
): ProcessFileOptions {
  return {
    input,
    publish,
    policy: DEFAULT_KEEP_POLICY,
    keepFileDates: false,
    originals: {
      action: 'vault',
      vaultDir: folders.vault,
      vaultRelativePath: `To Clean/${path.relative(folders.inbox, input)}`,
    },
    maxFileBytes: 10_000_000,
    now: NOW,
    ...overrides,
  };
}

/** Lists every file under `dir`, relative to it; [] when `dir` does not exist. */
async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => !entry.isDirectory())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .sort();
  } catch {
    return [];
  }
}

/** Compares file times to within a microsecond: utimes() takes seconds as a double. */
function expectSameTime(actualNs: bigint, expectedNs: bigint): void {
  const driftNs = actualNs - expectedNs;
  expect(driftNs < 0n ? -driftNs : driftNs).toBeLessThan(1000n);
}

async function expectNoIdentifyingTags(filePath: string): Promise<void> {
  expect(listIdentifyingTags(await readAllTags(filePath))).toEqual([]);
}

describe('processFile in place', () => {
  it('replaces the file and keeps the original in the vault', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input, { orientation: 6 });
    const originalBytes = await readFile(input);

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    const vaultFile = getVaultPath(folders.vault, 'To Clean/photo.jpg', NOW);
    expect(report).toMatchObject({ status: 'cleaned', input, output: input, original: vaultFile });
    expect(report.code).toBe(null);
    expect(report.reason).toBe(null);
    expect(await readFile(vaultFile)).toEqual(originalBytes);
    await expectNoIdentifyingTags(input);
    expect(await listFiles(folders.inbox)).toEqual(['photo.jpg']);
  });

  it('reports each removed and kept kind', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input, { orientation: 6 });

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    for (const kind of ['gps', 'camera-serial', 'camera-model', 'owner', 'datetime'] as const) {
      expect(report.removed, kind).toContain(kind);
    }
    expect(report.kept).toEqual(['orientation']);
    expect((await readAllTags(input))['EXIF:IFD0:Orientation']).toBe(6);
  });

  it('leaves the pixels unchanged', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.png');
    await createDirtyPng(input);
    const before = await decodePixels(input);

    await processFile(createOptions(folders, input, { mode: 'in-place' }));

    const after = await decodePixels(input);
    expect(after.width).toBe(before.width);
    expect(after.height).toBe(before.height);
    expect(after.data.equals(before.data)).toBe(true);
  });

  it('keeps the file dates when asked', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    await utimes(input, OLD_TIME, OLD_TIME);
    const before = await stat(input, { bigint: true });

    await processFile(createOptions(folders, input, { mode: 'in-place' }, { keepFileDates: true }));

    const after = await stat(input, { bigint: true });
    expect(after.ino).not.toBe(before.ino);
    expectSameTime(after.mtimeNs, before.mtimeNs);
    expectSameTime(after.atimeNs, before.atimeNs);
  });

  it('gives a fresh modification time otherwise', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    await utimes(input, OLD_TIME, OLD_TIME);

    await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect((await stat(input)).mtimeMs).toBeGreaterThan(OLD_TIME.getTime());
  });

  it('keeps the permission bits', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    await chmod(input, 0o640);

    await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect((await stat(input)).mode & 0o777).toBe(0o640);
  });

  it('writes nothing for an already clean file', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createCleanJpeg(input);
    const before = await stat(input, { bigint: true });

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect(report).toMatchObject({ status: 'already-clean', output: input, original: null });
    expect(report.removed).toEqual([]);
    const after = await stat(input, { bigint: true });
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeNs).toBe(before.mtimeNs);
    expect(await listFiles(folders.vault)).toEqual([]);
  });

  it('drops the original with action delete', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    const options = createOptions(folders, input, { mode: 'in-place' });

    const report = await processFile({
      ...options,
      originals: { ...options.originals, action: 'delete' },
    });

    expect(report).toMatchObject({ status: 'cleaned', output: input, original: null });
    await expectNoIdentifyingTags(input);
    expect(await listFiles(folders.vault)).toEqual([]);
    expect(await listFiles(folders.inbox)).toEqual(['photo.jpg']);
  });

  it('numbers a second original of the same name on the same day', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    await processFile(createOptions(folders, input, { mode: 'in-place' }));
    await createDirtyJpeg(input, { orientation: 3 });

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect(path.basename(report.original ?? '')).toBe('photo (2).jpg');
    expect(await listFiles(folders.vault)).toHaveLength(2);
  });
});

describe('processFile to an output folder', () => {
  it('publishes the cleaned file and moves the original to the vault', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'trip', 'photo.jpg');
    await mkdir(path.dirname(input));
    await createDirtyJpeg(input);
    const originalBytes = await readFile(input);
    const outputPath = path.join(folders.cleaned, 'trip', 'photo.jpg');

    const report = await processFile(createOptions(folders, input, { mode: 'output', outputPath }));

    const vaultFile = getVaultPath(folders.vault, 'To Clean/trip/photo.jpg', NOW);
    expect(report).toMatchObject({ status: 'cleaned', output: outputPath, original: vaultFile });
    await expectNoIdentifyingTags(outputPath);
    expect(await readFile(vaultFile)).toEqual(originalBytes);
    expect(await listFiles(folders.inbox)).toEqual([]);
    expect(await listFiles(folders.cleaned)).toEqual(['trip/photo.jpg']);
  });

  it('never overwrites a file in the output folder', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    await mkdir(folders.cleaned);
    await writeFile(path.join(folders.cleaned, 'PHOTO.jpg'), 'earlier output');
    const outputPath = path.join(folders.cleaned, 'photo.jpg');

    const report = await processFile(createOptions(folders, input, { mode: 'output', outputPath }));

    expect(report.output).toBe(path.join(folders.cleaned, 'photo (2).jpg'));
    expect(await readFile(path.join(folders.cleaned, 'PHOTO.jpg'), 'utf8')).toBe('earlier output');
  });

  it('moves an already clean file as it is', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createCleanJpeg(input);
    const bytes = await readFile(input);
    const outputPath = path.join(folders.cleaned, 'photo.jpg');

    const report = await processFile(createOptions(folders, input, { mode: 'output', outputPath }));

    expect(report).toMatchObject({ status: 'already-clean', output: outputPath, original: null });
    expect(await readFile(outputPath)).toEqual(bytes);
    expect(await listFiles(folders.inbox)).toEqual([]);
    expect(await listFiles(folders.vault)).toEqual([]);
  });

  it('gives an already clean file the processing time', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createCleanJpeg(input);
    await utimes(input, OLD_TIME, OLD_TIME);
    const outputPath = path.join(folders.cleaned, 'photo.jpg');

    await processFile(createOptions(folders, input, { mode: 'output', outputPath }));

    expect((await stat(outputPath)).mtimeMs).toBe(NOW.getTime());
  });

  it('works across devices', async (context) => {
    const otherDevice = await createOtherDeviceDir();
    if (otherDevice === null) {
      context.skip('no second device is writable here');
      return;
    }
    const folders = await createFolders(otherDevice);
    const dirty = path.join(folders.inbox, 'dirty.jpg');
    const clean = path.join(folders.inbox, 'clean.jpg');
    await createDirtyJpeg(dirty);
    await createCleanJpeg(clean);
    const cleanBytes = await readFile(clean);

    const reports = [
      await processFile(
        createOptions(folders, dirty, {
          mode: 'output',
          outputPath: path.join(folders.cleaned, 'dirty.jpg'),
        }),
      ),
      await processFile(
        createOptions(folders, clean, {
          mode: 'output',
          outputPath: path.join(folders.cleaned, 'clean.jpg'),
        }),
      ),
    ];

    expect(reports.map((report) => report.status)).toEqual(['cleaned', 'already-clean']);
    expect(await listFiles(folders.cleaned)).toEqual(['clean.jpg', 'dirty.jpg']);
    expect(await readFile(path.join(folders.cleaned, 'clean.jpg'))).toEqual(cleanBytes);
    await expectNoIdentifyingTags(path.join(folders.cleaned, 'dirty.jpg'));
    expect(await listFiles(folders.inbox)).toEqual([]);
  });
});

describe('processFile as a copy', () => {
  it('publishes a cleaned copy and leaves the input untouched', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.png');
    await createDirtyPng(input);
    const inputBytes = await readFile(input);
    const outputPath = path.join(folders.cleaned, 'photo.png');

    const report = await processFile(createOptions(folders, input, { mode: 'copy', outputPath }));

    expect(report).toMatchObject({ status: 'cleaned', output: outputPath, original: null });
    expect(await readFile(input)).toEqual(inputBytes);
    await expectNoIdentifyingTags(outputPath);
    expect(await listFiles(folders.vault)).toEqual([]);
  });

  it('copies an already clean file as it is', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createCleanJpeg(input);
    const bytes = await readFile(input);
    const outputPath = path.join(folders.cleaned, 'photo.jpg');

    const report = await processFile(createOptions(folders, input, { mode: 'copy', outputPath }));

    expect(report).toMatchObject({ status: 'already-clean', output: outputPath, original: null });
    expect(await readFile(outputPath)).toEqual(bytes);
    expect(await readFile(input)).toEqual(bytes);
  });

  it('keeps the file dates of the copy when asked', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    await utimes(input, OLD_TIME, OLD_TIME);
    const before = await stat(input, { bigint: true });
    const outputPath = path.join(folders.cleaned, 'photo.jpg');

    await processFile(
      createOptions(folders, input, { mode: 'copy', outputPath }, { keepFileDates: true }),
    );

    expectSameTime((await stat(outputPath, { bigint: true })).mtimeNs, before.mtimeNs);
  });
});

describe('processFile failures', () => {
  async function expectUntouched(folders: Folders, input: string, bytes: Buffer): Promise<void> {
    expect(await readFile(input)).toEqual(bytes);
    expect(await listFiles(folders.inbox)).toEqual([path.relative(folders.inbox, input)]);
    expect(await listFiles(folders.cleaned)).toEqual([]);
    expect(await listFiles(folders.vault)).toEqual([]);
  }

  it.each(['in-place', 'output', 'copy'] as const)(
    'leaves a truncated JPEG untouched in mode %s',
    async (mode) => {
      const folders = await createFolders();
      const input = path.join(folders.inbox, 'photo.jpg');
      await createDirtyJpeg(input);
      const bytes = (await readFile(input)).subarray(0, 600);
      await writeFile(input, bytes);
      const outputPath = path.join(folders.cleaned, 'photo.jpg');
      const publish: Publish = mode === 'in-place' ? { mode } : { mode, outputPath };

      const report = await processFile(createOptions(folders, input, publish));

      expect(report.status).toBe('failed');
      expect(['E_TRUNCATED', 'E_CORRUPT']).toContain(report.code);
      expect(report.output).toBe(null);
      expect(report.original).toBe(null);
      expect(report.reason).toContain(input);
      await expectUntouched(folders, input, bytes);
    },
  );

  it('reports a text file as unsupported', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'notes.jpg');
    const bytes = Buffer.from('not an image at all\n');
    await writeFile(input, bytes);

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect(report).toMatchObject({ status: 'unsupported', code: 'E_UNSUPPORTED_FORMAT' });
    expect(report.reason).toContain(input);
    await expectUntouched(folders, input, bytes);
  });

  it('reports a missing file', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'gone.jpg');

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect(report).toMatchObject({ status: 'failed', code: 'E_NOT_FOUND', output: null });
  });

  it('reports a directory', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'album.jpg');
    await mkdir(input);

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect(report).toMatchObject({ status: 'failed', code: 'E_NOT_A_FILE' });
  });

  it('reports a link without following it', async () => {
    const folders = await createFolders();
    const target = path.join(path.dirname(folders.inbox), 'target.jpg');
    await createDirtyJpeg(target);
    const input = path.join(folders.inbox, 'link.jpg');
    await symlink(target, input);

    const report = await processFile(createOptions(folders, input, { mode: 'in-place' }));

    expect(report).toMatchObject({ status: 'failed', code: 'E_NOT_A_FILE' });
    expect(listIdentifyingTags(await readAllTags(target))).not.toEqual([]);
  });

  it('refuses a file above the size limit', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    await createDirtyJpeg(input);
    const bytes = await readFile(input);

    const report = await processFile(
      createOptions(folders, input, { mode: 'in-place' }, { maxFileBytes: bytes.length - 1 }),
    );

    expect(report).toMatchObject({ status: 'failed', code: 'E_FILE_TOO_LARGE' });
    await expectUntouched(folders, input, bytes);
  });

  it('throws for an invalid size limit', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');

    await expect(
      processFile(createOptions(folders, input, { mode: 'in-place' }, { maxFileBytes: 0 })),
    ).rejects.toThrow(RangeError);
  });

  it('throws for a vault path that leaves the vault', async () => {
    const folders = await createFolders();
    const input = path.join(folders.inbox, 'photo.jpg');
    const options = createOptions(folders, input, { mode: 'in-place' });

    await expect(
      processFile({ ...options, originals: { ...options.originals, vaultRelativePath: '../x' } }),
    ).rejects.toThrow(RangeError);
  });
});
