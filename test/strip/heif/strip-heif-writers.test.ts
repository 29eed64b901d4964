import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHeifFile } from '../../../src/strip/heif/read-heif-file.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { stripImage } from '../../../src/strip/strip-image.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import {
  areHeifToolsAvailable,
  createAvif,
  createHeic,
  decodeWithLibheif,
  writeDirtyTags,
} from './heif-fixtures.js';

const hasExifTool = isExifToolAvailable();
const hasHeifTools = await areHeifToolsAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

async function readTagsOf(bytes: Uint8Array, name: string): Promise<Record<string, unknown>> {
  const filePath = path.join(await createTempDir('metaclear-heif-'), name);
  await writeFile(filePath, bytes);
  return readAllTags(filePath);
}

function listItemTypes(bytes: Uint8Array): string[] {
  return readHeifFile(bytes).meta.itemInfo.items.map((item) => item.type);
}

describe.skipIf(!hasExifTool)('HEIF files from real writers', () => {
  it.each([undefined, 6])(
    'cleans a sharp AVIF with ExifTool tags, orientation %s',
    async (orientation) => {
      const filePath = path.join(await createTempDir('metaclear-heif-'), 'photo.avif');
      await writeFile(filePath, await createAvif({ hasAlpha: true }));
      await writeDirtyTags(filePath, orientation);
      const input = await readFile(filePath);
      expect(listIdentifyingTags(await readAllTags(filePath)).length).toBeGreaterThan(0);

      const result = stripImage(input, DEFAULT_KEEP_POLICY);
      const tags = await readTagsOf(result.bytes, 'clean.avif');

      expect(result.format).toBe('heif');
      expect(result.removed).toEqual(expect.arrayContaining(['gps', 'camera-model', 'xmp']));
      expect(listIdentifyingTags(tags)).toEqual([]);
      expect(tags['EXIF:IFD0:Orientation']).toBe(orientation);
      expect(result.kept).toEqual(orientation === undefined ? [] : ['orientation']);
      expect(() => {
        verifyClean(input, result, DEFAULT_KEEP_POLICY);
      }).not.toThrow();
      const before = await decodePixels(input);
      const after = await decodePixels(result.bytes);
      expect(after.data.equals(before.data), 'pixels identical').toBe(true);
      expect(stripImage(result.bytes, DEFAULT_KEEP_POLICY).changed).toBe(false);
    },
  );

  /** Tags ExifTool finds in the dirty AVIF, each checked on its own, with the kind it is. */
  const DIRTY_TAGS_BY_KIND = [
    ['gps', 'EXIF:GPS:GPSLatitude'],
    ['camera-model', 'EXIF:IFD0:Make'],
    ['camera-model', 'EXIF:IFD0:Model'],
    ['camera-serial', 'EXIF:ExifIFD:SerialNumber'],
    ['owner', 'EXIF:IFD0:Artist'],
    ['datetime', 'EXIF:ExifIFD:DateTimeOriginal'],
    ['xmp', 'XMP:XMP-dc:Creator'],
    ['xmp', 'XMP:XMP-photoshop:City'],
  ] as const;

  it.each(DIRTY_TAGS_BY_KIND)('removes %s (%s) from an AVIF', async (kind, tag) => {
    const filePath = path.join(await createTempDir('metaclear-heif-'), 'photo.avif');
    await writeFile(filePath, await createAvif());
    await writeDirtyTags(filePath);
    const input = await readFile(filePath);
    expect(Object.keys(await readAllTags(filePath)), 'the fixture has the tag').toContain(tag);

    const result = stripImage(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toContain(kind);
    expect(Object.keys(await readTagsOf(result.bytes, 'clean.avif'))).not.toContain(tag);
  });

  it.skipIf(!hasHeifTools)('cleans a heif-enc HEIC with a thumbnail', async () => {
    const filePath = await createHeic({ width: 96, height: 64, thumbnailSize: 32 });
    await writeDirtyTags(filePath);
    const input = await readFile(filePath);
    expect(listItemTypes(input)).toContain('Exif');

    const result = stripImage(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(expect.arrayContaining(['gps', 'thumbnail', 'xmp']));
    expect(listItemTypes(result.bytes)).not.toContain('Exif');
    expect(listItemTypes(result.bytes).length).toBeLessThan(listItemTypes(input).length);
    expect(listIdentifyingTags(await readTagsOf(result.bytes, 'clean.heic'))).toEqual([]);
    expect(() => {
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
    expect(stripImage(result.bytes, DEFAULT_KEEP_POLICY).changed).toBe(false);

    const before = await decodeWithLibheif(input);
    const after = await decodeWithLibheif(result.bytes);
    expect(after.length).toBe(before.length);
    after.forEach((decoded, index) => {
      expect(decoded.equals(before[index] ?? Buffer.alloc(0)), 'pixels identical').toBe(true);
    });
  });
});
