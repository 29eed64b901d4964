import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkFile } from '../../src/commit/check-file.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool } from '../helpers/exiftool.js';
import { createCleanJpeg, createDirtyJpeg, createDirtyPng } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);
afterAll(closeExifTool);

async function createFixture(name: string, create: (filePath: string) => Promise<void>) {
  const filePath = path.join(await createTempDir(), name);
  await create(filePath);
  return filePath;
}

describe('checkFile', () => {
  it('lists what cleaning would remove and keep', async () => {
    const input = await createFixture('a.jpg', (p) => createDirtyJpeg(p, { orientation: 6 }));

    const report = await checkFile(input, DEFAULT_KEEP_POLICY);

    expect(report).toMatchObject({ input, status: 'has-metadata', code: null, reason: null });
    for (const kind of ['gps', 'camera-serial', 'camera-model', 'owner', 'datetime'] as const) {
      expect(report.found, kind).toContain(kind);
    }
    expect(report.kept).toEqual(['orientation']);
    expect(report.found).not.toContain('orientation');
  });

  it('writes nothing', async () => {
    const input = await createFixture('a.png', (p) => createDirtyPng(p));
    const bytes = await readFile(input);
    const before = await stat(input, { bigint: true });

    await checkFile(input, DEFAULT_KEEP_POLICY);

    expect(await readFile(input)).toEqual(bytes);
    expect((await stat(input, { bigint: true })).mtimeNs).toBe(before.mtimeNs);
  });

  it('reports a file without metadata as clean', async () => {
    const input = await createFixture('a.jpg', (p) => createCleanJpeg(p));

    const report = await checkFile(input, DEFAULT_KEEP_POLICY);

    expect(report).toEqual({
      input,
      status: 'clean',
      found: [],
      kept: [],
      code: null,
      reason: null,
    });
  });

  it('reports the orientation as found when it would be baked', async () => {
    const input = await createFixture('a.jpg', (p) => createDirtyJpeg(p, { orientation: 6 }));

    const report = await checkFile(input, { ...DEFAULT_KEEP_POLICY, orientation: 'bake' });

    expect(report.found).toContain('orientation');
    expect(report.kept).not.toContain('orientation');
  });

  it('follows the keep policy', async () => {
    const input = await createFixture('a.jpg', (p) => createDirtyJpeg(p));

    const report = await checkFile(input, { ...DEFAULT_KEEP_POLICY, captureDate: true });

    expect(report.kept).toContain('capture-date');
    expect(report.found).not.toContain('datetime');
  });

  it('reports an unknown format as unsupported', async () => {
    const input = await createFixture('notes.jpg', (p) => writeFile(p, 'plain text\n'));

    const report = await checkFile(input, DEFAULT_KEEP_POLICY);

    expect(report).toMatchObject({ status: 'unsupported', code: 'E_UNSUPPORTED_FORMAT' });
    expect(report.reason).toContain(input);
    expect(report.found).toEqual([]);
  });

  it('reports a truncated file as failed', async () => {
    const input = await createFixture('a.jpg', async (p) => {
      await createDirtyJpeg(p);
      await writeFile(p, (await readFile(p)).subarray(0, 600));
    });

    const report = await checkFile(input, DEFAULT_KEEP_POLICY);

    expect(report.status).toBe('failed');
    expect(['E_TRUNCATED', 'E_CORRUPT']).toContain(report.code);
  });

  it('reports a missing file as failed', async () => {
    const input = path.join(await createTempDir(), 'gone.jpg');

    const report = await checkFile(input, DEFAULT_KEEP_POLICY);

    expect(report).toMatchObject({ status: 'failed', code: 'E_NOT_FOUND' });
  });

  it('applies the size limit', async () => {
    const input = await createFixture('a.jpg', (p) => createCleanJpeg(p));

    const report = await checkFile(input, DEFAULT_KEEP_POLICY, { maxFileBytes: 10 });

    expect(report).toMatchObject({ status: 'failed', code: 'E_FILE_TOO_LARGE' });
  });
});
