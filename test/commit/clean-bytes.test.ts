import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../src/commit/clean-bytes.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { stripImage } from '../../src/strip/strip-image.js';
import {
  closeExifTool,
  getExifTool,
  listIdentifyingTags,
  readAllTags,
} from '../helpers/exiftool.js';
import {
  createCleanJpeg,
  createDirtyJpeg,
  createDirtyPng,
  createDisplayP3Jpeg,
} from '../helpers/image-fixtures.js';
import { decodePixels, type DecodedImage } from '../helpers/pixels.js';
import { insertChunksBefore } from '../helpers/png-chunks.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

afterEach(removeTempDirs);
afterAll(closeExifTool);

const BAKE: KeepPolicy = { ...DEFAULT_KEEP_POLICY, orientation: 'bake' };
const SRGB: KeepPolicy = { ...DEFAULT_KEEP_POLICY, colorProfile: 'srgb' };

/** Makes a fixture with `create` and returns its path and bytes. */
async function makeFixture(
  name: string,
  create: (filePath: string) => Promise<void>,
): Promise<{ filePath: string; bytes: Buffer }> {
  const filePath = path.join(await createTempDir(), name);
  await create(filePath);
  return { filePath, bytes: await readFile(filePath) };
}

/** Writes `bytes` beside the fixtures and returns ExifTool's tags for them. */
async function readTagsOf(bytes: Uint8Array, name: string): Promise<Record<string, unknown>> {
  const filePath = path.join(await createTempDir(), name);
  await writeFile(filePath, bytes);
  return readAllTags(filePath);
}

/** Returns the mean absolute difference per channel value, for lossy comparisons. */
function getMeanDifference(a: DecodedImage, b: DecodedImage): number {
  expect([b.width, b.height, b.channels]).toEqual([a.width, a.height, a.channels]);
  let total = 0;
  for (let index = 0; index < a.data.length; index += 1) {
    total += Math.abs((a.data[index] ?? 0) - (b.data[index] ?? 0));
  }
  return total / a.data.length;
}

/** Decodes an image upright, as a viewer that honours EXIF orientation shows it. */
async function decodeUpright(bytes: Uint8Array): Promise<DecodedImage> {
  const { data, info } = await sharp(bytes)
    .autoOrient()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

describe('cleanBytes', () => {
  it('strips losslessly without the opt-ins', async () => {
    const { bytes } = await makeFixture('a.jpg', (p) => createDirtyJpeg(p, { orientation: 6 }));

    const result = await cleanBytes(bytes, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(true);
    expect(result.removed).toContain('gps');
    expect(result.kept).toEqual(['orientation']);
    expect((await decodePixels(result.bytes)).data.equals((await decodePixels(bytes)).data)).toBe(
      true,
    );
    expect(listIdentifyingTags(await readTagsOf(result.bytes, 'out.jpg'))).toEqual([]);
  });

  it('returns an already clean file unchanged', async () => {
    const { bytes } = await makeFixture('a.jpg', (p) => createCleanJpeg(p));

    const result = await cleanBytes(bytes, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(Buffer.from(result.bytes).equals(bytes)).toBe(true);
    expect(result.removed).toEqual([]);
  });

  it('rejects a truncated file', async () => {
    const { bytes } = await makeFixture('a.jpg', (p) => createDirtyJpeg(p));

    await expect(cleanBytes(bytes.subarray(0, 600), DEFAULT_KEEP_POLICY)).rejects.toMatchObject({
      code: expect.stringMatching(/^E_(TRUNCATED|CORRUPT)$/) as unknown,
    });
  });

  it.each([
    ['JPEG', 'a.jpg', createDirtyJpeg, 3],
    ['PNG', 'a.png', createDirtyPng, 0],
  ] as const)(
    'bakes the orientation of a %s into its pixels',
    async (_, name, create, tolerance) => {
      const { bytes } = await makeFixture(name, (p) => create(p, { orientation: 6 }));

      const result = await cleanBytes(bytes, BAKE);

      const metadata = await sharp(result.bytes).metadata();
      expect([metadata.width, metadata.height]).toEqual([32, 48]);
      expect(metadata.orientation).toBe(undefined);
      expect(result.removed).toContain('orientation');
      expect(result.kept).not.toContain('orientation');
      const difference = getMeanDifference(
        await decodeUpright(bytes),
        await decodePixels(result.bytes),
      );
      expect(difference).toBeLessThanOrEqual(tolerance);
      const tags = await readTagsOf(result.bytes, name);
      expect(listIdentifyingTags(tags)).toEqual([]);
      expect(tags['EXIF:IFD0:Orientation']).toBe(undefined);
    },
  );

  it('keeps the capture date when baking if asked', async () => {
    const { bytes } = await makeFixture('a.jpg', (p) => createDirtyJpeg(p, { orientation: 8 }));

    const result = await cleanBytes(bytes, { ...BAKE, captureDate: true });

    expect(result.kept).toContain('capture-date');
    expect(result.removed).not.toContain('datetime');
    const tags = await readTagsOf(result.bytes, 'a.jpg');
    expect(Object.keys(tags)).toContain('EXIF:ExifIFD:DateTimeOriginal');
    expect(Object.keys(tags)).not.toContain('EXIF:GPS:GPSLatitude');
  });

  it('strips losslessly when there is no orientation to bake', async () => {
    const { bytes } = await makeFixture('a.jpg', (p) => createDirtyJpeg(p));

    const result = await cleanBytes(bytes, BAKE);

    const lossless = stripImage(bytes, { ...DEFAULT_KEEP_POLICY, orientation: false });
    expect(Buffer.from(result.bytes).equals(Buffer.from(lossless.bytes))).toBe(true);
  });

  it('converts a Display P3 image to sRGB', async () => {
    const { bytes } = await makeFixture('p3.jpg', createDisplayP3Jpeg);

    const result = await cleanBytes(bytes, SRGB);

    const before = await sharp(bytes).metadata();
    const after = await sharp(result.bytes).metadata();
    expect(after.icc?.equals(before.icc ?? Buffer.alloc(0))).toBe(false);
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    expect(result.kept).toContain('icc-profile');
    const tags = await readTagsOf(result.bytes, 'p3.jpg');
    expect(String(tags['ICC_Profile:ICC-header:ColorSpaceData'])).toContain('RGB');
    expect(String(tags['ICC_Profile:ProfileDescription'])).toMatch(/sRGB/i);
    expect(listIdentifyingTags(tags)).toEqual([]);
    // sharp converts from the embedded profile to sRGB when it decodes to raw pixels.
    const converted = await sharp(bytes)
      .toColorspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const expected = { data: converted.data, ...converted.info };
    expect(getMeanDifference(expected, await decodePixels(result.bytes))).toBeLessThan(3);
  });

  it('leaves an image without a profile to the lossless path', async () => {
    const { bytes } = await makeFixture('a.png', (p) => createDirtyPng(p));

    const result = await cleanBytes(bytes, SRGB);

    expect(
      Buffer.from(result.bytes).equals(Buffer.from(stripImage(bytes, DEFAULT_KEEP_POLICY).bytes)),
    ).toBe(true);
  });

  it('refuses to bake an animated PNG', async () => {
    const { filePath, bytes } = await makeFixture('a.png', (p) => createDirtyPng(p));
    const actl = Buffer.alloc(8);
    actl.writeUInt32BE(1, 0);
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(48, 4);
    fctl.writeUInt32BE(32, 8);
    await writeFile(
      filePath,
      insertChunksBefore(bytes, 'IDAT', [
        { type: 'acTL', data: actl },
        { type: 'fcTL', data: fctl },
      ]),
    );
    await getExifTool().write(
      filePath,
      { 'Orientation#': 6 },
      { writeArgs: ['-overwrite_original'] },
    );

    await expect(cleanBytes(await readFile(filePath), BAKE)).rejects.toMatchObject({
      code: 'E_UNSUPPORTED_FORMAT',
    });
  });
});
