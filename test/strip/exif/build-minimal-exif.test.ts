import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMinimalExif,
  type MinimalExifFields,
} from '../../../src/strip/exif/build-minimal-exif.js';
import { inspectExif } from '../../../src/strip/exif/inspect-exif.js';
import { closeExifTool, isExifToolAvailable, readAllTags } from '../../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { createJpeg, createSegment, insertAfterSoi } from '../jpeg/jpeg-fixtures.js';

const canRun = isExifToolAvailable();

let dir = '';
let base: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  dir = await createTempDir();
  base = await createJpeg({ width: 16, height: 16 });
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

function build(fields: MinimalExifFields): Buffer {
  const tiff = buildMinimalExif(fields);
  if (tiff === null) {
    throw new Error('buildMinimalExif returned null');
  }
  return Buffer.from(tiff);
}

/** Embeds a TIFF block in a JPEG's APP1 and returns what ExifTool reads from it. */
async function readWithExifTool(tiff: Uint8Array, name: string): Promise<Record<string, unknown>> {
  const segment = createSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
  const filePath = path.join(dir, name);
  await writeFile(filePath, insertAfterSoi(base, segment));
  return readAllTags(filePath);
}

function listExifTags(tags: Record<string, unknown>): string[] {
  return Object.keys(tags).filter((name) => name.startsWith('EXIF:'));
}

const FULL: MinimalExifFields = {
  orientation: 5,
  captureDate: '2021:02:03 04:05:06',
  offsetTimeOriginal: '+05:30',
  copyright: 'Photographer\0Editor',
};

describe('buildMinimalExif', () => {
  it('returns null when nothing is to be written', () => {
    expect(buildMinimalExif({})).toBeNull();
    expect(buildMinimalExif({ orientation: 1 })).toBeNull();
  });

  it('writes orientation alone in 26 bytes', () => {
    const tiff = build({ orientation: 6 });

    expect(tiff.length).toBe(26);
    expect(tiff.subarray(0, 4).toString('latin1')).toBe('MM\0*');
  });

  it('reads back what it wrote', () => {
    const inspection = inspectExif(build(FULL));

    expect(inspection.orientation).toBe(5);
    expect(inspection.captureDate).toBe(FULL.captureDate);
    expect(inspection.offsetTimeOriginal).toBe(FULL.offsetTimeOriginal);
    expect(inspection.copyright).toBe(FULL.copyright);
    expect(inspection.kindsBeyondMinimal.size).toBe(0);
  });

  it('starts every value on an even offset', () => {
    for (const fields of [FULL, { copyright: 'odd' }, { copyright: 'even' }]) {
      const tiff = build(fields);
      expect(tiff.length % 2).toBe(0);
    }
    const tiff = build(FULL);
    const ifd0Entries = tiff.readUInt16BE(8);
    for (let index = 0; index < ifd0Entries; index += 1) {
      const entry = 10 + index * 12;
      const size = tiff.readUInt32BE(entry + 4) * (tiff.readUInt16BE(entry + 2) === 3 ? 2 : 1);
      if (size > 4) {
        expect(tiff.readUInt32BE(entry + 8) % 2).toBe(0);
      }
    }
  });

  it.each([
    ['orientation 0', { orientation: 0 }],
    ['orientation 9', { orientation: 9 }],
    ['fractional orientation', { orientation: 2.5 }],
    ['a malformed date', { captureDate: '2021-02-03 04:05:06' }],
    ['an offset without a date', { offsetTimeOriginal: '+01:00' }],
    ['a malformed offset', { captureDate: '2021:02:03 04:05:06', offsetTimeOriginal: '1 hour' }],
    ['an empty copyright', { copyright: '' }],
    ['a copyright beyond latin1', { copyright: 'Fotograf \u0141ukasz' }],
  ] as const)('rejects %s', (_title, fields: MinimalExifFields) => {
    expect(() => buildMinimalExif(fields)).toThrow(RangeError);
  });

  it('keeps the copyright text out of its error message', () => {
    const secret = 'Secret Person \u0141';

    expect(() => buildMinimalExif({ copyright: secret })).toThrow(/`copyright`/);
    expect(() => buildMinimalExif({ copyright: secret })).not.toThrow(/Secret/);
  });
});

describe.runIf(canRun)('buildMinimalExif read by ExifTool', () => {
  it.each([2, 3, 4, 5, 6, 7, 8])('orientation %i alone', async (orientation) => {
    const tags = await readWithExifTool(build({ orientation }), `orientation-${orientation}.jpg`);

    expect(listExifTags(tags)).toEqual(['EXIF:IFD0:Orientation']);
    expect(tags['EXIF:IFD0:Orientation']).toBe(orientation);
    expect(tags['ExifTool:Warning']).toBeUndefined();
  });

  it('every field', async () => {
    const tags = await readWithExifTool(build(FULL), 'full.jpg');

    expect(listExifTags(tags).sort()).toEqual([
      'EXIF:ExifIFD:DateTimeOriginal',
      'EXIF:ExifIFD:OffsetTimeOriginal',
      'EXIF:IFD0:Copyright',
      'EXIF:IFD0:Orientation',
    ]);
    expect(tags['EXIF:ExifIFD:DateTimeOriginal']).toBe(FULL.captureDate);
    expect(tags['EXIF:ExifIFD:OffsetTimeOriginal']).toBe(FULL.offsetTimeOriginal);
    expect(tags['ExifTool:Warning']).toBeUndefined();
  });
});
