import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripJpeg } from '../../../src/strip/jpeg/strip-jpeg.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../../src/strip/keep-policy.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { corpusFile } from '../../helpers/corpus.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { createJpeg, createMp4, insertAfterSoi, writeWithExifTool } from './jpeg-fixtures.js';
import {
  createIsoGainMapSegment,
  createMultiPictureJpeg,
  createXmpSegment,
  MP_ATTRIBUTES,
  sliceMpfImages,
} from './mpf-fixtures.js';

const APPLE_HEIC = corpusFile('files/ianare-exif-samples/iphone_13_pro_max.HEIC');
const canRun = isExifToolAvailable();

/** Identity tags ExifTool writes into every fixture image. */
const IDENTITY = {
  'EXIF:Make': 'FixtureCam',
  'EXIF:Model': 'Fixture Model 7',
  'EXIF:Artist': 'Fixture Owner',
  'EXIF:GPSLatitude': 48.8566,
  'EXIF:GPSLatitudeRef': 'N',
  'EXIF:GPSLongitude': 2.3522,
  'EXIF:GPSLongitudeRef': 'E',
  'XMP-dc:Creator': ['Fixture Owner'],
} as const;

/** Builds an Ultra HDR primary image's XMP, declaring a Motion Photo video when given one. */
function createPrimaryXmp(gainMapLength: number, videoLength: number | null): string {
  const video =
    videoLength === null
      ? ''
      : '<rdf:li rdf:parseType="Resource"><Container:Item Item:Semantic="MotionPhoto" ' +
        `Item:Mime="video/mp4" Item:Length="${videoLength}"/></rdf:li>`;
  return (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description xmlns:Container="http://ns.google.com/photos/1.0/container/" ' +
    'xmlns:Item="http://ns.google.com/photos/1.0/container/item/" ' +
    'xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/" ' +
    'xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" hdrgm:Version="1.0" ' +
    `GCamera:MotionPhoto="${videoLength === null ? 0 : 1}" GCamera:MotionPhotoVersion="1">` +
    '<Container:Directory><rdf:Seq>' +
    '<rdf:li rdf:parseType="Resource"><Container:Item Item:Semantic="Primary" Item:Mime="image/jpeg"/></rdf:li>' +
    '<rdf:li rdf:parseType="Resource"><Container:Item Item:Semantic="GainMap" ' +
    `Item:Mime="image/jpeg" Item:Length="${gainMapLength}"/></rdf:li>` +
    video +
    '</rdf:Seq></Container:Directory></rdf:Description></rdf:RDF></x:xmpmeta>'
  );
}

let dir = '';
let primary: Buffer;
let gainMap: Buffer;
let preview: Buffer;
let appleGainMap: Buffer;

beforeAll(async () => {
  if (!canRun) {
    return;
  }
  dir = await createTempDir();
  const tags = { ...IDENTITY, 'EXIF:Orientation': 6 };
  primary = (await writeWithExifTool(dir, 'primary.jpg', await createJpeg(), tags)).bytes;
  const gray = await createJpeg({ width: 48, height: 32, channels: 1 });
  const gainMapTags = {
    ...IDENTITY,
    'XMP-hdrgm:Version': '1.0',
    'XMP-hdrgm:GainMapMax': 2.5,
    'XMP-hdrgm:HDRCapacityMax': 2.5,
    'XMP-hdrgm:BaseRenditionIsHDR': 'False',
  };
  const written = await writeWithExifTool(dir, 'gain-map.jpg', gray, gainMapTags);
  gainMap = insertAfterSoi(written.bytes, createIsoGainMapSegment());
  const small = await createJpeg({ width: 32, height: 24 });
  preview = (await writeWithExifTool(dir, 'preview.jpg', small, IDENTITY)).bytes;
  const appleTags = {
    ...IDENTITY,
    'XMP-HDRGainMap:HDRGainMapVersion': 65536,
    'XMP-apdi:AuxiliaryImageType': 'urn:com:apple:photo:2020:aux:hdrgainmap',
  };
  appleGainMap = (await writeWithExifTool(dir, 'apple-gain-map.jpg', gray, appleTags)).bytes;
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** Cleans `input`, verifies it, and checks each kept image's pixels and ExifTool's findings. */
async function cleanAndCheck(input: Buffer, policy: KeepPolicy, keptImages: readonly number[]) {
  const result = stripJpeg(input, policy);
  expect(() => {
    verifyClean(input, result, policy);
  }).not.toThrow();
  const inputImages = sliceMpfImages(input);
  const outputImages = sliceMpfImages(result.bytes);
  expect(outputImages).toHaveLength(keptImages.length);
  for (const [index, inputIndex] of keptImages.entries()) {
    const [before, after] = await Promise.all([
      decodePixels(inputImages[inputIndex] ?? Buffer.alloc(0)),
      decodePixels(outputImages[index] ?? Buffer.alloc(0)),
    ]);
    expect(after.width).toBe(before.width);
    expect(after.data.equals(before.data)).toBe(true);
    const file = path.join(dir, `image-${index}.jpg`);
    await writeFile(file, outputImages[index] ?? Buffer.alloc(0));
    expect(listIdentifyingTags(await readAllTags(file))).toEqual([]);
  }
  const again = stripJpeg(result.bytes, policy);
  expect(again.changed).toBe(false);
  expect(() => {
    verifyClean(result.bytes, again, policy);
  }).not.toThrow();
  return result;
}

describe.runIf(canRun)('stripJpeg on multi-picture files', () => {
  it('keeps an Ultra HDR gain map and drops its preview', async () => {
    const input = createMultiPictureJpeg({
      primary,
      primarySegments: [createXmpSegment(createPrimaryXmp(gainMap.length, null))],
      images: [
        { bytes: gainMap, attributes: MP_ATTRIBUTES.undefined },
        { bytes: preview, attributes: MP_ATTRIBUTES.largeThumbnail },
      ],
    });

    const result = await cleanAndCheck(input, DEFAULT_KEEP_POLICY, [0, 1]);

    expect(result.kept).toEqual(['orientation', 'hdr-gain-map']);
    expect(result.removed).toContain('thumbnail');
    expect(result.removed).toContain('gps');
    const [, keptGainMap] = sliceMpfImages(result.bytes);
    const output = Buffer.from(result.bytes);
    expect(output.includes(`Item:Length="${keptGainMap?.length}"`)).toBe(true);
    expect(Buffer.from(keptGainMap ?? []).includes('urn:iso:std:iso:ts:21496:-1')).toBe(true);
    expect(
      Buffer.from(keptGainMap ?? []).includes('<hdrgm:GainMapMax><rdf:Seq><rdf:li>2.5</rdf:li>'),
    ).toBe(true);
  });

  it('drops a Motion Photo video and its directory item', async () => {
    const video = createMp4();
    const input = createMultiPictureJpeg({
      primary,
      primarySegments: [createXmpSegment(createPrimaryXmp(gainMap.length, video.length))],
      images: [{ bytes: gainMap, attributes: MP_ATTRIBUTES.undefined }],
      trailer: video,
    });

    const result = await cleanAndCheck(input, DEFAULT_KEEP_POLICY, [0, 1]);

    expect(result.removed).toContain('motion-photo');
    expect(Buffer.from(result.bytes).includes('ftyp')).toBe(false);
    expect(Buffer.from(result.bytes).includes('MotionPhoto')).toBe(false);
  });

  it('drops the gain map when the policy does', async () => {
    const input = createMultiPictureJpeg({
      primary,
      primarySegments: [createXmpSegment(createPrimaryXmp(gainMap.length, null))],
      images: [{ bytes: gainMap, attributes: MP_ATTRIBUTES.undefined }],
    });
    const policy = { ...DEFAULT_KEEP_POLICY, hdrGainMap: false };

    const result = await cleanAndCheck(input, policy, [0]);

    expect(result.removed).toContain('hdr-gain-map');
    expect(result.kept).not.toContain('hdr-gain-map');
    expect(Buffer.from(result.bytes).includes('hdrgm')).toBe(false);
    expect(Buffer.from(result.bytes).includes('MPF\0')).toBe(false);
  });

  it('keeps both views of a stereo pair', async () => {
    const input = createMultiPictureJpeg({
      primary,
      images: [{ bytes: preview, attributes: MP_ATTRIBUTES.disparity }],
    });

    const result = await cleanAndCheck(input, DEFAULT_KEEP_POLICY, [0, 1]);

    expect(result.kept).toEqual(['orientation']);
  });

  it.runIf(APPLE_HEIC !== null)('keeps an Apple gain map and its HDR MakerNote', async () => {
    const withMakerNote = await writeWithExifTool(dir, 'apple.jpg', primary, {}, [
      '-tagsFromFile',
      APPLE_HEIC ?? '',
      '-MakerNotes',
    ]);
    const input = createMultiPictureJpeg({
      primary: withMakerNote.bytes,
      images: [{ bytes: appleGainMap, attributes: MP_ATTRIBUTES.undefined }],
    });

    const result = await cleanAndCheck(input, DEFAULT_KEEP_POLICY, [0, 1]);
    const file = path.join(dir, 'apple-clean.jpg');
    await writeFile(file, result.bytes);
    const tags = await readAllTags(file);

    expect(result.kept).toContain('hdr-gain-map');
    expect(result.removed).toContain('maker-notes');
    expect(Object.keys(tags).filter((name) => name.startsWith('MakerNotes:'))).toEqual([
      'MakerNotes:Apple:HDRHeadroom',
      'MakerNotes:Apple:HDRGain',
    ]);
  });
});
