import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkFile } from '../../src/commit/check-file.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { closeExifTool } from '../helpers/exiftool.js';
import { createCleanJpeg, createDirtyJpeg, createDirtyPng } from '../helpers/image-fixtures.js';
import { insertChunksBefore, joinChunks, splitChunks } from '../helpers/png-chunks.js';
import { createPng } from '../helpers/png-fixtures.js';
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

  describe('PNG with data hidden from the output', () => {
    const secret = Buffer.from('GPSLatitude=48.8584;Owner=Jane Doe;Serial=SN123456', 'latin1');

    /** A big-endian TIFF block with Orientation 6 in IFD0, then `slack`. */
    function createOrientationExif(slack: Buffer): Buffer {
      const tiff = Buffer.alloc(26);
      tiff.write('MM\0*', 0, 'latin1');
      tiff.writeUInt32BE(8, 4);
      tiff.writeUInt16BE(1, 8);
      tiff.writeUInt16BE(0x0112, 10);
      tiff.writeUInt16BE(3, 12);
      tiff.writeUInt32BE(1, 14);
      tiff.writeUInt16BE(6, 18);
      return Buffer.concat([tiff, slack]);
    }

    it('reports eXIf slack bytes as metadata', async () => {
      const png = insertChunksBefore(await createPng(), 'IDAT', [
        { type: 'eXIf', data: createOrientationExif(secret) },
      ]);
      const input = await createFixture('a.png', (p) => writeFile(p, png));

      const report = await checkFile(input, DEFAULT_KEEP_POLICY);

      expect(report.status).toBe('has-metadata');
      expect(report.found).toEqual(['exif-other']);
      expect(report.kept).toEqual(['orientation']);
    });

    it('reports a minimal orientation eXIf as clean', async () => {
      const png = insertChunksBefore(await createPng(), 'IDAT', [
        { type: 'eXIf', data: createOrientationExif(Buffer.alloc(0)) },
      ]);
      const input = await createFixture('a.png', (p) => writeFile(p, png));

      const report = await checkFile(input, DEFAULT_KEEP_POLICY);

      expect(report).toMatchObject({ status: 'clean', found: [], kept: ['orientation'] });
    });

    it('fails bytes after the IDAT zlib stream', async () => {
      const chunks = splitChunks(await createPng()).map((chunk) =>
        chunk.type === 'IDAT' ? { type: 'IDAT', data: Buffer.concat([chunk.data, secret]) } : chunk,
      );
      const input = await createFixture('a.png', (p) => writeFile(p, joinChunks(chunks)));

      const report = await checkFile(input, DEFAULT_KEEP_POLICY);

      expect(report).toMatchObject({ status: 'failed', code: 'E_CORRUPT' });
    });

    it('fails IDAT chunks split by tEXt', async () => {
      const chunks = splitChunks(await createPng());
      const index = chunks.findIndex((chunk) => chunk.type === 'IDAT');
      const data = chunks[index]?.data ?? Buffer.alloc(0);
      chunks.splice(
        index,
        1,
        { type: 'IDAT', data: data.subarray(0, 10) },
        { type: 'tEXt', data: Buffer.from('Comment\0hello', 'latin1') },
        { type: 'IDAT', data: data.subarray(10) },
      );
      const input = await createFixture('a.png', (p) => writeFile(p, joinChunks(chunks)));

      const report = await checkFile(input, DEFAULT_KEEP_POLICY);

      expect(report).toMatchObject({ status: 'failed', code: 'E_CORRUPT' });
    });
  });
});
