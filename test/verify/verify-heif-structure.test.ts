import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripHeif } from '../../src/strip/heif/strip-heif.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { verifyHeifStructure } from '../../src/verify/verify-heif-structure.js';
import { closeExifTool } from '../helpers/exiftool.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { createDirtyAvif } from '../strip/heif/heif-fixtures.js';
import { getErrorCode } from '../strip/heif/get-error-code.js';
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
} from '../strip/heif/heif-test-files.js';

const AVIF_BRANDS = ['avif', 'mif1', 'avif', 'miaf'];

/** The color image, its alpha plane and the Exif item of an AVIF from sharp and ExifTool. */
let color: SourceImage;
let alpha: SourceImage;
let exif: SourceImage;

beforeAll(async () => {
  const images = [...takeImageItems(await createDirtyAvif({ hasAlpha: true })).values()];
  const find = (predicate: (image: SourceImage) => boolean): SourceImage => {
    const image = images.find(predicate);
    if (image === undefined) {
      throw new Error('the sharp and ExifTool fixture lacks an expected item');
    }
    return image;
  };
  color = find((image) => image.type === 'av01' && image.properties.length === 3);
  alpha = find((image) => image.type === 'av01' && image.properties.length !== 3);
  exif = find((image) => image.type === 'Exif');
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

function isType(boxBytes: Uint8Array, type: string): boolean {
  return Buffer.from(boxBytes.subarray(4, 8)).toString('latin1') === type;
}

/** Color image 1 and alpha plane 3, plus `extraItems`, in an AVIF built around them. */
function createFile(overrides: Partial<TestHeif> = {}, extraItems: TestItem[] = []): Buffer {
  return buildHeif({
    brands: AVIF_BRANDS,
    primaryItemId: 1,
    items: [
      { id: 1, type: 'av01', data: color.data, properties: color.properties },
      { id: 3, type: 'av01', data: alpha.data, properties: alpha.properties, isHidden: true },
      ...extraItems,
    ],
    references: [{ type: 'auxl', from: 3, to: [1] }],
    ...overrides,
  });
}

/** Builds the dirty input: the clean file plus the Exif item that ExifTool wrote. */
function createInput(): Buffer {
  return createFile(
    {
      references: [
        { type: 'auxl', from: 3, to: [1] },
        { type: 'cdsc', from: 2, to: [1] },
      ],
    },
    [{ id: 2, type: 'Exif', data: exif.data }],
  );
}

function verify(input: Uint8Array, output: Uint8Array, policy: KeepPolicy = DEFAULT_KEEP_POLICY) {
  return getErrorCode(() => {
    verifyHeifStructure(input, output, policy);
  });
}

function expectAccepted(input: Uint8Array, output: Uint8Array, policy = DEFAULT_KEEP_POLICY) {
  expect(() => {
    verifyHeifStructure(input, output, policy);
  }).not.toThrow();
}

describe('verifyHeifStructure', () => {
  it('accepts the stripper output', () => {
    const input = createInput();

    expectAccepted(input, stripHeif(input, DEFAULT_KEEP_POLICY).bytes);
  });

  it('accepts a hand-built clean file', () => {
    expectAccepted(createInput(), createFile());
  });

  it('rejects the dirty input itself', () => {
    const input = createInput();

    expect(verify(input, input)).toBe('E_VERIFY_STRUCTURE');
  });

  it.each([
    ['an unknown box', box('zzzz', Buffer.alloc(8))],
    ['a free box with data', box('free', Buffer.from('Test Person'))],
    ['a C2PA box', box('jumb', Buffer.alloc(16, 1))],
    ['a Motion Photo video', box('mpvd', Buffer.alloc(16, 1))],
  ])('rejects %s at the top level', (_name, extra) => {
    expect(verify(createInput(), createFile({ boxesAtEnd: [extra] }))).toBe('E_VERIFY_STRUCTURE');
  });

  it('accepts zero padding at the top level', () => {
    expectAccepted(createInput(), createFile({ boxesAtEnd: [box('free', Buffer.alloc(16))] }));
  });

  it('accepts C2PA only in an untouched file under contentCredentials', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };
    const signed = createFile({ boxesAtEnd: [box('jumb', Buffer.alloc(16, 1))] });

    expectAccepted(signed, signed, policy);
    expect(verify(createInput(), signed, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a changed byte of image data', () => {
    const output = Buffer.from(stripHeif(createInput(), DEFAULT_KEEP_POLICY).bytes);
    output[output.length - 1] = (output[output.length - 1] ?? 0) ^ 0xff;

    expect(verify(createInput(), output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects data that no item uses', () => {
    const output = createFile({ unusedMediaData: Buffer.from('Test Person') });

    expect(verify(createInput(), output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an XMP item', () => {
    const xmp: TestItem = {
      id: 4,
      type: 'mime',
      contentType: 'application/rdf+xml',
      data: Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'),
    };
    const input = createFile({}, [xmp]);

    expect(verify(input, input)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects gain-map XMP with more than version and headroom', () => {
    const gainMap = createAuxiliaryType('urn:com:apple:photo:2020:aux:hdrgainmap');
    const version = '<HDRGainMap:HDRGainMapVersion>65536</HDRGainMap:HDRGainMapVersion>';
    const createXmp = (extra: string): TestItem => ({
      id: 4,
      type: 'mime',
      contentType: 'application/rdf+xml',
      data: Buffer.from(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
          '<rdf:Description rdf:about="" xmlns:HDRGainMap="http://ns.apple.com/HDRGainMap/1.0/">' +
          `${version}${extra}</rdf:Description></rdf:RDF></x:xmpmeta>`,
      ),
    });
    const createWithXmp = (extra: string) =>
      createFile({
        items: [
          { id: 1, type: 'av01', data: color.data, properties: color.properties },
          {
            id: 3,
            type: 'av01',
            data: alpha.data,
            properties: [...alpha.properties.slice(0, 2), gainMap],
          },
          createXmp(extra),
        ],
        references: [
          { type: 'auxl', from: 3, to: [1] },
          { type: 'cdsc', from: 4, to: [3] },
        ],
      });
    const minimal = createWithXmp('');
    const extended = createWithXmp('<dc:creator>Test Person</dc:creator>');

    expectAccepted(minimal, minimal);
    expect(verify(extended, extended)).toBe('E_VERIFY_STRUCTURE');
    expect(verify(minimal, minimal, { ...DEFAULT_KEEP_POLICY, hdrGainMap: false })).toBe(
      'E_VERIFY_STRUCTURE',
    );
  });

  it('rejects an Exif item beyond the minimal block', () => {
    const output = createFile({}, [{ id: 2, type: 'Exif', data: exif.data }]);

    expect(verify(createInput(), output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects Exif orientation beside irot', () => {
    const orientationOnly = Buffer.concat([
      Buffer.from('MM\0*', 'latin1'),
      uint(4, 8),
      uint(2, 1, 0x0112, 3),
      uint(4, 1),
      uint(2, 6, 0),
      uint(4, 0),
    ]);
    const items: TestItem[] = [
      {
        id: 1,
        type: 'av01',
        data: color.data,
        properties: [...color.properties, createRotation(1)],
      },
      { id: 2, type: 'Exif', data: createExifItemData(orientationOnly) },
    ];
    const file = buildHeif({ brands: AVIF_BRANDS, primaryItemId: 1, items });
    const withoutExif = buildHeif({
      brands: AVIF_BRANDS,
      primaryItemId: 1,
      items: items.slice(0, 1),
    });

    expect(verify(file, file)).toBe('E_VERIFY_STRUCTURE');
    expectAccepted(file, withoutExif);
  });

  it('rejects a missing property', () => {
    const output = createFile({
      items: [
        { id: 1, type: 'av01', data: color.data, properties: color.properties.slice(0, 2) },
        { id: 3, type: 'av01', data: alpha.data, properties: alpha.properties, isHidden: true },
      ],
    });

    expect(verify(createInput(), output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a descriptive property', () => {
    const description = { box: fullBox('udes', 0, 0, Buffer.from('en\0Holiday\0\0\0')) };
    const input = createFile({
      items: [
        { id: 1, type: 'av01', data: color.data, properties: [...color.properties, description] },
        { id: 3, type: 'av01', data: alpha.data, properties: alpha.properties, isHidden: true },
      ],
    });

    expect(verify(input, input)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an ICC profile the policy drops', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
    const profile = createIccColour(Buffer.alloc(64, 3));
    const input = createFile({
      items: [
        { id: 1, type: 'av01', data: color.data, properties: [...color.properties, profile] },
        { id: 3, type: 'av01', data: alpha.data, properties: alpha.properties, isHidden: true },
      ],
    });

    expectAccepted(input, input);
    expect(verify(input, input, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an auxiliary image of a type that goes', () => {
    const matte = createAuxiliaryType('urn:com:apple:photo:2019:aux:semanticskinmatte');
    const input = createFile({
      items: [
        { id: 1, type: 'av01', data: color.data, properties: color.properties },
        {
          id: 3,
          type: 'av01',
          data: alpha.data,
          properties: [...alpha.properties.slice(0, 2), matte],
        },
      ],
    });

    expect(verify(input, input)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a thumbnail reference', () => {
    const thumbnail: TestItem = {
      id: 5,
      type: 'av01',
      data: color.data,
      properties: color.properties,
    };
    const input = createFile(
      {
        references: [
          { type: 'auxl', from: 3, to: [1] },
          { type: 'thmb', from: 5, to: [1] },
        ],
      },
      [thumbnail],
    );

    expect(verify(input, input)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a grid that lost or gained inputs', () => {
    const gridDescriptor = Buffer.from([0, 0, 0, 0, 0, 63, 0, 47]);
    const createGrid = (inputs: readonly number[]) =>
      buildHeif({
        brands: AVIF_BRANDS,
        primaryItemId: 9,
        items: [
          { id: 1, type: 'av01', data: color.data, properties: color.properties, isHidden: true },
          {
            id: 9,
            type: 'grid',
            data: gridDescriptor,
            isInItemData: true,
            properties: color.properties.filter((property) => isType(property.box, 'ispe')),
          },
        ],
        references: inputs.length === 0 ? [] : [{ type: 'dimg', from: 9, to: inputs }],
      });
    const input = createGrid([1]);

    expectAccepted(input, input);
    expect(verify(input, createGrid([]))).toBe('E_VERIFY_STRUCTURE');
    expect(verify(input, createGrid([1, 1]))).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an item name', () => {
    const output = createFile({
      items: [
        { id: 1, type: 'av01', data: color.data, properties: color.properties, name: 'Holiday' },
        { id: 3, type: 'av01', data: alpha.data, properties: alpha.properties, isHidden: true },
      ],
    });

    expect(verify(createInput(), output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a different primary item', () => {
    expect(verify(createInput(), createFile({ primaryItemId: 3 }))).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a named handler', () => {
    const output = createFile();
    const named = Buffer.from(output);
    const hdlrName = named.indexOf(Buffer.from('pict', 'latin1')) + 16;
    named.write('X', hdlrName, 'latin1');

    expect(verify(createInput(), named)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a gain-map image the policy drops', () => {
    const tmap: TestItem = { id: 7, type: 'tmap', data: uint(1, 0) };
    const input = createFile({}, [tmap]);

    expectAccepted(input, input);
    expect(verify(input, input, { ...DEFAULT_KEEP_POLICY, hdrGainMap: false })).toBe(
      'E_VERIFY_STRUCTURE',
    );
  });

  it('rejects an unparsable output', () => {
    const output = stripHeif(createInput(), DEFAULT_KEEP_POLICY).bytes;

    expect(verify(createInput(), output.subarray(0, output.length - 4))).toBe('E_VERIFY_STRUCTURE');
  });
});
