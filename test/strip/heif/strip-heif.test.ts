import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHeifFile } from '../../../src/strip/heif/read-heif-file.js';
import { stripHeif } from '../../../src/strip/heif/strip-heif.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../../src/strip/keep-policy.js';
import type { StripResult } from '../../../src/strip/strip-result.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { createAvif, createDirtyAvif } from './heif-fixtures.js';
import { getErrorCode } from './get-error-code.js';
import {
  box,
  buildHeif,
  createAuxiliaryType,
  createExifItemData,
  createIccColour,
  createRotation,
  fullBox,
  takeImageItems,
  uint,
  type SourceImage,
  type TestHeif,
  type TestItem,
} from './heif-test-files.js';

const AVIF_BRANDS = ['avif', 'mif1', 'avif', 'miaf'];
const XMP_TYPE = 'application/rdf+xml';
/** Text that ExifTool wrote into the Exif and XMP items of the dirty source file. */
const DIRTY_TEXT = ['TestCam', 'Test Person', 'SN-0001', 'Paris'];

const hasExifTool = isExifToolAvailable();

/** The color image, alpha plane, Exif and XMP of an AVIF written by sharp and ExifTool. */
let color: SourceImage;
let alpha: SourceImage;
let exif: SourceImage;
let xmp: SourceImage;

beforeAll(async () => {
  const items = takeImageItems(await createDirtyAvif({ hasAlpha: true }));
  const find = (predicate: (image: SourceImage) => boolean): SourceImage => {
    const image = [...items.values()].find(predicate);
    if (image === undefined) {
      throw new Error('the sharp and ExifTool fixture lacks an expected item');
    }
    return image;
  };
  color = find((image) => image.type === 'av01' && image.properties.length === 3);
  alpha = find((image) => image.properties.some((p) => isType(p.box, 'auxC')));
  exif = find((image) => image.type === 'Exif');
  xmp = find((image) => image.type === 'mime');
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

function isType(boxBytes: Uint8Array, type: string): boolean {
  return Buffer.from(boxBytes.subarray(4, 8)).toString('latin1') === type;
}

/** Color image 1, its Exif item 2, alpha plane 3, XMP item 4: the Exif sits between images. */
function createDirtyItems(): TestItem[] {
  return [
    { id: 1, type: 'av01', data: color.data, properties: color.properties },
    { id: 2, type: 'Exif', data: exif.data },
    { id: 3, type: 'av01', data: alpha.data, properties: alpha.properties, isHidden: true },
    { id: 4, type: 'mime', contentType: XMP_TYPE, data: xmp.data },
  ];
}

function createDirtyFile(overrides: Partial<TestHeif> = {}): Buffer {
  return buildHeif({
    brands: AVIF_BRANDS,
    primaryItemId: 1,
    items: createDirtyItems(),
    references: [
      { type: 'auxl', from: 3, to: [1] },
      { type: 'cdsc', from: 2, to: [1] },
      { type: 'cdsc', from: 4, to: [1] },
    ],
    ...overrides,
  });
}

function listTopLevelTypes(bytes: Uint8Array): string[] {
  return readHeifFile(bytes).boxes.map((entry) => entry.type);
}

function listItemTypes(bytes: Uint8Array): string[] {
  return readHeifFile(bytes).meta.itemInfo.items.map((item) => item.type);
}

function containsText(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes).includes(Buffer.from(text, 'latin1'));
}

/** Checks what every cleaned AVIF must satisfy: verified, same pixels, nothing left, stable. */
async function expectCleanAvif(
  input: Uint8Array,
  result: StripResult,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
): Promise<void> {
  expect(result.changed).toBe(true);
  expect(() => {
    verifyClean(input, result, policy);
  }).not.toThrow();

  const before = await decodePixels(input);
  const after = await decodePixels(result.bytes);
  expect(after.channels).toBe(before.channels);
  expect(after.data.equals(before.data), 'pixels identical').toBe(true);

  for (const text of DIRTY_TEXT) {
    expect(containsText(result.bytes, text), `no trace of ${text}`).toBe(false);
  }
  expect(stripHeif(result.bytes, policy).changed, 'second pass changes nothing').toBe(false);
}

describe('stripHeif', () => {
  it('removes an Exif item between two image items', async () => {
    const input = createDirtyFile();

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual([
      'gps',
      'camera-serial',
      'camera-model',
      'owner',
      'datetime',
      'exif-other',
      'xmp',
    ]);
    expect(listItemTypes(result.bytes)).toEqual(['av01', 'av01']);
    expect(listTopLevelTypes(result.bytes)).toEqual(['ftyp', 'meta', 'mdat']);
    await expectCleanAvif(input, result);
  });

  it.skipIf(!hasExifTool)('leaves no tag that ExifTool reads as identifying', async () => {
    const result = stripHeif(createDirtyFile(), DEFAULT_KEEP_POLICY);
    const filePath = path.join(await createTempDir('metaclear-heif-'), 'clean.avif');
    await writeFile(filePath, result.bytes);

    expect(listIdentifyingTags(await readAllTags(filePath))).toEqual([]);
  });

  it.each<[string, Partial<TestHeif>]>([
    ['one mdat per item', { isMediaDataPerItem: true }],
    ['meta after mdat', { isMetaLast: true }],
    ['meta after several mdat boxes', { isMetaLast: true, isMediaDataPerItem: true }],
    ['iloc version 0', { location: { version: 0 } }],
    ['iloc version 2', { location: { version: 2 } }],
    ['8-byte offsets and lengths', { location: { offsetSize: 8, lengthSize: 8 } }],
    ['base offsets and 0-byte extent offsets', { location: { offsetSize: 0, baseOffsetSize: 4 } }],
    ['8-byte base offsets', { location: { baseOffsetSize: 8 } }],
    ['two extents per item', { location: { isSplit: true } }],
    ['base offsets with two extents', { location: { baseOffsetSize: 4, isSplit: true } }],
  ])('cleans a file with %s', async (_name, overrides) => {
    const input = createDirtyFile(overrides);

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toContain('gps');
    expect(listItemTypes(result.bytes)).toEqual(['av01', 'av01']);
    await expectCleanAvif(input, result);
  });

  it('cleans items stored in idat', async () => {
    const items = createDirtyItems().map((item) =>
      item.id === 1 || item.id === 2 ? { ...item, isInItemData: true } : item,
    );
    const input = createDirtyFile({ items });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);
    const cleaned = readHeifFile(result.bytes);
    const itemData = cleaned.meta.itemData;

    expect(itemData?.end).toBe((itemData?.payloadStart ?? 0) + color.data.length);
    const methods = cleaned.meta.locations?.locations.map((entry): [number, number] => [
      entry.itemId,
      entry.constructionMethod,
    ]);
    expect(new Map(methods)).toEqual(
      new Map([
        [1, 1],
        [3, 0],
      ]),
    );
    await expectCleanAvif(input, result);
  });

  it('returns a clean sharp AVIF unchanged', async () => {
    const input = await createAvif({ hasAlpha: true });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(result.bytes).toBe(input);
    expect(result.removed).toEqual([]);
  });

  it.each([
    ['mpvd', box('mpvd', box('ftyp', Buffer.from('mp42')), Buffer.alloc(64, 7)), 'motion-photo'],
    [
      'C2PA uuid',
      box('uuid', Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex'), Buffer.alloc(40, 1)),
      'c2pa',
    ],
    ['jumb', box('jumb', Buffer.alloc(40, 2)), 'c2pa'],
    ['XMP uuid', box('uuid', Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex')), 'xmp'],
    ['sefd', box('sefd', Buffer.alloc(30, 3)), 'trailer'],
    ['unknown', box('zzzz', Buffer.alloc(8, 4)), 'unknown-block'],
    ['non-zero free', box('free', Buffer.alloc(8, 5)), 'unknown-block'],
  ])('drops a top-level %s box', async (_name, vendorBox, kind) => {
    const items = createDirtyItems().filter((item) => item.type === 'av01');
    const input = createDirtyFile({
      items,
      references: [{ type: 'auxl', from: 3, to: [1] }],
      boxesAfterFileType: [vendorBox],
      boxesAtEnd: [vendorBox],
    });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual([kind]);
    expect(listTopLevelTypes(result.bytes)).toEqual(['ftyp', 'meta', 'mdat']);
    await expectCleanAvif(input, result);
  });

  it('drops zero padding without reporting it', () => {
    const items = createDirtyItems().filter((item) => item.type === 'av01');
    const input = createDirtyFile({
      items,
      references: [{ type: 'auxl', from: 3, to: [1] }],
      boxesAfterFileType: [box('free', Buffer.alloc(16))],
    });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(() => {
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
  });

  it('keeps C2PA only when nothing else needs removing', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };
    const manifest = box('jumb', Buffer.alloc(40, 2));
    const clean = createDirtyFile({
      items: createDirtyItems().filter((item) => item.type === 'av01'),
      references: [{ type: 'auxl', from: 3, to: [1] }],
      boxesAtEnd: [manifest],
    });
    const dirty = createDirtyFile({ boxesAtEnd: [manifest] });

    const kept = stripHeif(clean, policy);
    const removed = stripHeif(dirty, policy);

    expect(kept.changed).toBe(false);
    expect(kept.kept).toContain('content-credentials');
    expect(() => {
      verifyClean(clean, kept, policy);
    }).not.toThrow();
    expect(removed.removed).toContain('c2pa');
    expect(listTopLevelTypes(removed.bytes)).toEqual(['ftyp', 'meta', 'mdat']);
  });

  it('removes a thumbnail with its own properties', async () => {
    const thumbnailSize = box('ispe', uint(4, 0, 8, 6));
    const thumbnail: TestItem = {
      id: 5,
      type: 'av01',
      data: color.data,
      properties: [{ box: thumbnailSize }],
    };
    const input = createDirtyFile({
      items: [...createDirtyItems(), thumbnail],
      references: [
        { type: 'auxl', from: 3, to: [1] },
        { type: 'cdsc', from: 2, to: [1] },
        { type: 'thmb', from: 5, to: [1] },
      ],
    });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);
    const cleaned = readHeifFile(result.bytes);
    const properties = cleaned.meta.properties?.properties ?? [];

    expect(result.removed).toContain('thumbnail');
    expect(cleaned.meta.itemInfo.items.map((item) => item.id)).toEqual([1, 3]);
    expect(cleaned.meta.references?.references.map((reference) => reference.type)).toEqual([
      'auxl',
    ]);
    expect(properties.map((entry) => entry.type)).toContain('ispe');
    expect(Buffer.from(input).includes(thumbnailSize)).toBe(true);
    expect(Buffer.from(result.bytes).includes(thumbnailSize)).toBe(false);
    await expectCleanAvif(input, result);
  });

  it.each([
    ['moov', 'avis'],
    ['moov', 'msf1'],
    ['moof', 'avif'],
  ])('rejects an image sequence with a %s box, brand %s', (type, brand) => {
    const input = createDirtyFile({
      brands: [brand, 'mif1', brand],
      boxesAtEnd: [box(type, box('mvhd', Buffer.alloc(100)))],
    });

    expect(getErrorCode(() => stripHeif(input, DEFAULT_KEEP_POLICY))).toBe('E_UNSUPPORTED_FORMAT');
  });
});

describe('stripHeif orientation', () => {
  /** Builds a big-endian Exif block by hand: IFD0 with Model (out of line) and Orientation 6. */
  function createOrientationExif(): Buffer {
    const ifd0 = Buffer.from(
      '4d4d002a00000008000201100002000000080000002601120003000000010006000000000000',
      'hex',
    );
    return createExifItemData(Buffer.concat([ifd0, Buffer.from('TestCam\0', 'latin1')]));
  }

  function createFile(withRotation: boolean): Buffer {
    const rotation = withRotation ? [createRotation(1)] : [];
    return buildHeif({
      brands: AVIF_BRANDS,
      primaryItemId: 1,
      items: [
        { id: 1, type: 'av01', data: color.data, properties: [...color.properties, ...rotation] },
        { id: 2, type: 'Exif', data: createOrientationExif() },
      ],
      references: [{ type: 'cdsc', from: 2, to: [1] }],
    });
  }

  it('writes Exif orientation back when there is no irot', async () => {
    const input = createFile(false);

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);
    const cleaned = readHeifFile(result.bytes);

    expect(result.kept).toEqual(['orientation']);
    expect(result.removed).toEqual(['camera-model']);
    expect(listItemTypes(result.bytes)).toEqual(['av01', 'Exif']);
    expect(cleaned.meta.references?.references).toEqual([
      { type: 'cdsc', fromItemId: 2, toItemIds: [1] },
    ]);
    await expectCleanAvif(input, result);
  });

  it.skipIf(!hasExifTool)('writes an Orientation that ExifTool reads', async () => {
    const result = stripHeif(createFile(false), DEFAULT_KEEP_POLICY);
    const filePath = path.join(await createTempDir('metaclear-heif-'), 'rotated.avif');
    await writeFile(filePath, result.bytes);
    const tags = await readAllTags(filePath);

    expect(tags['EXIF:IFD0:Orientation']).toBe(6);
    expect(listIdentifyingTags(tags)).toEqual([]);
  });

  it('drops Exif orientation when irot orients the image', () => {
    const input = createFile(true);

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).toEqual(['orientation']);
    expect(result.removed).toEqual(['camera-model']);
    expect(listItemTypes(result.bytes)).toEqual(['av01']);
    expect(() => {
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
  });

  it('removes irot when the policy drops orientation', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, orientation: false };
    const input = createFile(true);

    const result = stripHeif(input, policy);
    const properties = readHeifFile(result.bytes).meta.properties?.properties ?? [];

    expect(result.removed).toEqual(['camera-model', 'orientation']);
    expect(result.kept).toEqual([]);
    expect(properties.map((entry) => entry.type)).not.toContain('irot');
    expect(() => {
      verifyClean(input, result, policy);
    }).not.toThrow();
  });
});

describe('stripHeif properties and auxiliary images', () => {
  function createFile(extraProperties: TestItem['properties'], auxType?: string): Buffer {
    const alphaProperties =
      auxType === undefined
        ? alpha.properties
        : [
            ...alpha.properties.filter((property) => !isType(property.box, 'auxC')),
            createAuxiliaryType(auxType),
          ];
    return buildHeif({
      brands: AVIF_BRANDS,
      primaryItemId: 1,
      items: [
        {
          id: 1,
          type: 'av01',
          data: color.data,
          properties: [...color.properties, ...(extraProperties ?? [])],
        },
        { id: 3, type: 'av01', data: alpha.data, properties: alphaProperties, isHidden: true },
      ],
      references: [{ type: 'auxl', from: 3, to: [1] }],
    });
  }

  const profile = Buffer.concat([uint(4, 64), Buffer.from('test'), Buffer.alloc(56, 9)]);

  it('keeps an ICC colour profile by default', () => {
    const input = createFile([createIccColour(profile)]);

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(result.kept).toEqual(['icc-profile']);
    expect(() => {
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
  });

  it('removes the ICC colour profile when the policy drops it', async () => {
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
    const input = createFile([createIccColour(profile)]);

    const result = stripHeif(input, policy);

    expect(result.removed).toEqual(['icc-profile']);
    expect(containsText(result.bytes, 'prof')).toBe(false);
    await expectCleanAvif(input, result, policy);
  });

  it.each([
    ['udes', fullBox('udes', 0, 0, Buffer.from('en\0Holiday\0At home\0\0')), 'comment'],
    ['crtt', fullBox('crtt', 0, 0, uint(8, 1_700_000_000)), 'datetime'],
    ['unknown', box('zzzz', Buffer.alloc(4, 1)), 'unknown-block'],
  ])('removes a non-essential %s property', async (_name, property, kind) => {
    const input = createFile([{ box: property, isEssential: false }]);

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual([kind]);
    await expectCleanAvif(input, result);
  });

  it('rejects an essential property it does not know', () => {
    const input = createFile([{ box: box('zzzz', Buffer.alloc(4)), isEssential: true }]);

    expect(getErrorCode(() => stripHeif(input, DEFAULT_KEEP_POLICY))).toBe('E_UNSUPPORTED_FORMAT');
  });

  it('keeps a depth map auxiliary image', () => {
    const input = createFile([], 'urn:mpeg:hevc:2015:auxid:2');

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(() => {
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
  });

  it.each([
    ['urn:com:apple:photo:2019:aux:semanticskinmatte', 'unknown-block'],
    ['tag:apple.com,2023:photo:aux:linearthumbnail', 'thumbnail'],
  ])('removes an auxiliary image of type %s', (auxType, kind) => {
    const input = createFile([], auxType);

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual([kind]);
    expect(listItemTypes(result.bytes)).toEqual(['av01']);
    expect(containsText(result.bytes, auxType)).toBe(false);
    expect(() => {
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
  });

  it('keeps an Apple gain map only when the policy keeps gain maps', () => {
    const gainMapType = 'urn:com:apple:photo:2020:aux:hdrgainmap';
    const input = createFile([], gainMapType);
    const policy = { ...DEFAULT_KEEP_POLICY, hdrGainMap: false };

    const kept = stripHeif(input, DEFAULT_KEEP_POLICY);
    const removed = stripHeif(input, policy);

    expect(kept.changed).toBe(false);
    expect(kept.kept).toEqual(['hdr-gain-map']);
    expect(removed.removed).toEqual(['hdr-gain-map']);
    expect(listItemTypes(removed.bytes)).toEqual(['av01']);
    expect(() => {
      verifyClean(input, removed, policy);
    }).not.toThrow();
  });
});

describe('stripHeif Apple gain map XMP', () => {
  const gainMapType = 'urn:com:apple:photo:2020:aux:hdrgainmap';
  const packet = Buffer.from(
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 6.0.0">' +
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:HDRGainMap="http://ns.apple.com/HDRGainMap/1.0/" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<HDRGainMap:HDRGainMapVersion>131072</HDRGainMap:HDRGainMapVersion>' +
      '<HDRGainMap:HDRGainMapHeadroom>2.25</HDRGainMap:HDRGainMapHeadroom>' +
      '<dc:creator>Test Person</dc:creator>' +
      '</rdf:Description></rdf:RDF></x:xmpmeta>',
  );

  function createFile(): Buffer {
    const gainMapProperties = [
      ...alpha.properties.filter((property) => !isType(property.box, 'auxC')),
      createAuxiliaryType(gainMapType),
    ];
    return buildHeif({
      brands: AVIF_BRANDS,
      primaryItemId: 1,
      items: [
        { id: 1, type: 'av01', data: color.data, properties: color.properties },
        { id: 3, type: 'av01', data: alpha.data, properties: gainMapProperties, isHidden: true },
        { id: 4, type: 'mime', contentType: XMP_TYPE, data: packet },
      ],
      references: [
        { type: 'auxl', from: 3, to: [1] },
        { type: 'cdsc', from: 4, to: [3] },
      ],
    });
  }

  it('keeps only the version and headroom', () => {
    const input = createFile();

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);
    const text = Buffer.from(result.bytes).toString('latin1');

    expect(result.kept).toEqual(['hdr-gain-map']);
    expect(result.removed).toEqual(['xmp']);
    expect(listItemTypes(result.bytes)).toEqual(['av01', 'av01', 'mime']);
    expect(text).toContain('<HDRGainMap:HDRGainMapHeadroom>2.25<');
    expect(text).not.toContain('Test Person');
    expect(text).not.toContain('xmptk');
    expect(() => {
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
    expect(stripHeif(result.bytes, DEFAULT_KEEP_POLICY).changed).toBe(false);
  });

  it('removes it with the gain map when the policy drops gain maps', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, hdrGainMap: false };
    const input = createFile();

    const result = stripHeif(input, policy);

    expect(result.removed).toEqual(['xmp', 'hdr-gain-map']);
    expect(listItemTypes(result.bytes)).toEqual(['av01']);
    expect(() => {
      verifyClean(input, result, policy);
    }).not.toThrow();
  });
});

describe('stripHeif malformed files', () => {
  it('reports data that no item uses', async () => {
    const items = createDirtyItems().filter((item) => item.type === 'av01');
    const input = createDirtyFile({
      items,
      references: [{ type: 'auxl', from: 3, to: [1] }],
      unusedMediaData: Buffer.from('Test Person was here'),
    });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    await expectCleanAvif(input, result);
  });

  it('rejects XMP that shares bytes with the image', () => {
    const input = createDirtyFile({
      items: [
        { id: 1, type: 'av01', data: color.data, properties: color.properties },
        { id: 4, type: 'mime', contentType: XMP_TYPE, data: xmp.data },
      ],
      references: [],
    });
    const file = readHeifFile(input);
    const imageStart = file.meta.locations?.locations[0]?.extents[0]?.offset ?? 0;
    const iloc = file.meta.children.find((child) => child.type === 'iloc');
    const xmpOffset = input.indexOf(uint(4, imageStart + color.data.length), iloc?.start);
    input.writeUInt32BE(imageStart, xmpOffset);

    expect(getErrorCode(() => stripHeif(input, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
  });

  it('rejects image data past the end of the file as truncated', () => {
    const input = createDirtyFile();

    expect(
      getErrorCode(() => stripHeif(input.subarray(0, input.length - 10), DEFAULT_KEEP_POLICY)),
    ).toBe('E_TRUNCATED');
  });

  it('rejects a primary item without an entry as corrupt', () => {
    const input = createDirtyFile({ primaryItemId: 9 });

    expect(getErrorCode(() => stripHeif(input, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
  });

  it('rejects a metadata primary item as unsupported', () => {
    const input = createDirtyFile({ primaryItemId: 2 });

    expect(getErrorCode(() => stripHeif(input, DEFAULT_KEEP_POLICY))).toBe('E_UNSUPPORTED_FORMAT');
  });

  it('removes a hidden image that nothing uses', async () => {
    const hidden: TestItem = { ...createDirtyItems()[0], id: 7, isHidden: true } as TestItem;
    const input = createDirtyFile({ items: [...createDirtyItems(), hidden] });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toContain('unknown-block');
    expect(readHeifFile(result.bytes).meta.itemInfo.items.map((item) => item.id)).toEqual([1, 3]);
    await expectCleanAvif(input, result);
  });

  it('keeps a visible second image', async () => {
    const second: TestItem = { ...createDirtyItems()[0], id: 7 } as TestItem;
    const input = createDirtyFile({ items: [...createDirtyItems(), second] });

    const result = stripHeif(input, DEFAULT_KEEP_POLICY);

    expect(readHeifFile(result.bytes).meta.itemInfo.items.map((item) => item.id)).toEqual([
      1, 3, 7,
    ]);
    await expectCleanAvif(input, result);
  });
});

describe('stripHeif capture date', () => {
  it('writes the capture date back when the policy keeps it', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, captureDate: true };
    const input = createDirtyFile();

    const result = stripHeif(input, policy);

    expect(result.kept).toContain('capture-date');
    expect(result.removed).not.toContain('datetime');
    expect(listItemTypes(result.bytes)).toEqual(['av01', 'Exif', 'av01']);
    expect(() => {
      verifyClean(input, result, policy);
    }).not.toThrow();
    expect(stripHeif(result.bytes, policy).changed).toBe(false);
  });
});
