import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../../../src/shared/kinds.js';
import { buildMinimalExif } from '../../../src/strip/exif/build-minimal-exif.js';
import { inspectExif } from '../../../src/strip/exif/inspect-exif.js';
import { corpusFile } from '../../helpers/corpus.js';
import { closeExifTool, getExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { createJpeg, writeWithExifTool, type FixtureTags } from '../jpeg/jpeg-fixtures.js';

const canRun = isExifToolAvailable();

let dir = '';
let base: Buffer = Buffer.alloc(0);
let counter = 0;

beforeAll(async () => {
  dir = await createTempDir();
  base = await createJpeg({ width: 16, height: 16 });
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** Writes `tags` with ExifTool and returns the EXIF block as ExifTool extracts it. */
async function createExifBlock(tags: FixtureTags, args: readonly string[] = []): Promise<Buffer> {
  counter += 1;
  const written = await writeWithExifTool(dir, `exif-${counter}.jpg`, base, tags, args);
  return extractExif(written.path);
}

async function extractExif(file: string): Promise<Buffer> {
  counter += 1;
  const target = path.join(dir, `exif-${counter}.bin`);
  await getExifTool().extractBinaryTag('EXIF', file, target);
  return readFile(target);
}

/** A seeded generator, so a failing mutation can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe.runIf(canRun)('inspectExif classifies tags', () => {
  const cases: readonly (readonly [string, Kind, FixtureTags])[] = [
    ['GPS', 'gps', { 'EXIF:GPSLatitude': 1.5, 'EXIF:GPSLatitudeRef': 'S' }],
    ['serial numbers', 'camera-serial', { SerialNumber: 'FAKE-1', LensSerialNumber: 'FAKE-2' }],
    ['image unique id', 'camera-serial', { ImageUniqueID: '0123456789abcdef' }],
    ['make and model', 'camera-model', { 'EXIF:Make': 'Acme', 'EXIF:Model': 'One' }],
    ['lens make and model', 'camera-model', { LensMake: 'Acme', LensModel: 'Acme 50mm' }],
    ['artist', 'owner', { 'EXIF:Artist': 'A. Person' }],
    ['owner name', 'owner', { OwnerName: 'A. Person' }],
    ['XP author', 'owner', { XPAuthor: 'A. Person' }],
    ['modify date', 'datetime', { 'EXIF:ModifyDate': '2020:01:01 00:00:00' }],
    ['sub-second time', 'datetime', { SubSecTimeDigitized: '55' }],
    ['time offsets', 'datetime', { OffsetTime: '+01:00' }],
    ['software', 'software', { 'EXIF:Software': 'Editor' }],
    ['host computer', 'software', { HostComputer: 'laptop' }],
    ['user comment', 'comment', { UserComment: 'note' }],
    ['image description', 'comment', { 'EXIF:ImageDescription': 'caption' }],
    ['XP comment', 'comment', { XPComment: 'note' }],
    ['exposure', 'exif-other', { ExposureTime: 0.01 }],
  ];

  it.each(cases)('%s', async (_title, kind, tags) => {
    const inspection = inspectExif(await createExifBlock(tags));

    expect(inspection.kinds.has(kind)).toBe(true);
    expect(inspection.kindsBeyondMinimal.has(kind)).toBe(true);
  });

  it('reports the IFD1 thumbnail', async () => {
    const thumbnail = path.join(dir, 'thumb.jpg');
    await writeFile(thumbnail, await createJpeg({ width: 8, height: 8 }));

    const inspection = inspectExif(await createExifBlock({}, [`-ThumbnailImage<=${thumbnail}`]));

    expect(inspection.kinds.has('thumbnail')).toBe(true);
  });

  it('reports maker notes', async () => {
    const source = corpusFile('files/ianare-exif-samples/Panasonic_DMC-FZ30.jpg');
    if (source === null) {
      return;
    }

    const inspection = inspectExif(await extractExif(source));

    expect(inspection.kinds.has('maker-notes')).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('reads orientation %i', async (orientation) => {
    const inspection = inspectExif(await createExifBlock({ Orientation: orientation }));

    expect(inspection.orientation).toBe(orientation);
    expect(inspection.kinds.has('orientation')).toBe(false);
  });

  it('reads the values our minimal block can carry', async () => {
    const inspection = inspectExif(
      await createExifBlock({
        'EXIF:DateTimeOriginal': '2021:02:03 04:05:06',
        OffsetTimeOriginal: '-05:00',
        'EXIF:Copyright': 'Photographer',
      }),
    );

    expect(inspection.captureDate).toBe('2021:02:03 04:05:06');
    expect(inspection.offsetTimeOriginal).toBe('-05:00');
    expect(inspection.copyright).toBe('Photographer');
    expect([...inspection.kinds].sort()).toEqual(expect.arrayContaining(['datetime', 'owner']));
    expect(inspection.kindsBeyondMinimal.has('datetime')).toBe(false);
    expect(inspection.kindsBeyondMinimal.has('owner')).toBe(false);
  });

  it('recognises Adobe RGB marked by the Interop index', async () => {
    const adobe = inspectExif(await createExifBlock({ ColorSpace: 0xffff, InteropIndex: 'R03' }));
    const srgb = inspectExif(await createExifBlock({ ColorSpace: 1, InteropIndex: 'R98' }));

    expect(adobe.isAdobeRgb).toBe(true);
    expect(srgb.isAdobeRgb).toBe(false);
  });
});

describe('inspectExif on malformed blocks', () => {
  /** Our own orientation-6 block: 26 bytes, IFD0 at 8 with one entry. */
  const minimal = (): Buffer => Buffer.from(buildMinimalExif({ orientation: 6 }) ?? []);

  it('treats a block without a TIFF header as one unreadable block', () => {
    const inspection = inspectExif(Buffer.from('not a tiff header at all'));

    expect(inspection.orientation).toBeNull();
    expect([...inspection.kinds]).toEqual(['exif-other']);
  });

  it('survives an IFD chain that loops', () => {
    const block = minimal();
    block.writeUInt32BE(8, 22); // IFD0's next-IFD offset points back at IFD0

    const inspection = inspectExif(block);

    expect(inspection.orientation).toBe(6);
    expect(inspection.kinds.has('exif-other')).toBe(true);
  });

  it('survives a sub-IFD pointer out of bounds', () => {
    const block = Buffer.concat([minimal(), Buffer.alloc(12)]);
    block.writeUInt16BE(2, 8);
    block.writeUInt16BE(0x8825, 22); // a second entry: GPS pointer
    block.writeUInt16BE(4, 24);
    block.writeUInt32BE(1, 26);
    block.writeUInt32BE(0xfffffff0, 30);

    const inspection = inspectExif(block);

    expect(inspection.kinds.has('gps')).toBe(true);
  });

  it('ignores an orientation stored with a wrong type', () => {
    const block = minimal();
    block.writeUInt16BE(2, 12); // ASCII instead of SHORT

    const inspection = inspectExif(block);

    expect(inspection.orientation).toBeNull();
    expect(inspection.kinds.has('exif-other')).toBe(true);
  });

  it('ignores an orientation out of range', () => {
    const block = minimal();
    block.writeUInt16BE(9, 18);

    expect(inspectExif(block).orientation).toBeNull();
  });

  it('reads the tags of the corpus file with wrong types', async () => {
    const source = corpusFile('files/ianare-exif-samples/30-type_error.jpg');
    if (source === null || !canRun) {
      return;
    }

    const inspection = inspectExif(await extractExif(source));

    expect(inspection.kinds.has('owner')).toBe(true);
    expect(inspection.kinds.has('thumbnail')).toBe(true);
  });

  it('never throws on any prefix or mutation of a real block', async () => {
    const source = corpusFile('files/ianare-exif-samples/Canon_40D.jpg');
    if (source === null || !canRun) {
      return;
    }
    const block = await extractExif(source);
    const random = createRandom(20_240_501);

    for (let length = 0; length <= block.length; length += 1) {
      expect(() => inspectExif(block.subarray(0, length))).not.toThrow();
    }
    for (let round = 0; round < 2_000; round += 1) {
      const mutated = Buffer.from(block);
      for (let flip = 0; flip < 8; flip += 1) {
        mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      }
      expect(() => inspectExif(mutated)).not.toThrow();
    }
  });
});
