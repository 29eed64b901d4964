import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { stripJpeg } from '../../src/strip/jpeg/strip-jpeg.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { verifyClean } from '../../src/verify/verify-clean.js';
import { verifyJpegStructure } from '../../src/verify/verify-jpeg-structure.js';
import { createJpeg, createSegment, insertAfterSoi } from '../strip/jpeg/jpeg-fixtures.js';
import {
  createIsoGainMapSegment,
  createMultiPictureJpeg,
  createXmpSegment,
  MP_ATTRIBUTES,
  sliceMpfImages,
} from '../strip/jpeg/mpf-fixtures.js';

const GAIN_MAP_XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/" hdrgm:Version="1.0" ' +
  'hdrgm:GainMapMax="2.5" hdrgm:HDRCapacityMax="2.5" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
  'dc:creator="Fixture Owner"/></rdf:RDF></x:xmpmeta>';

const PRIMARY_XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:hdrgm="http://ns.adobe.com/hdr-gain-map/1.0/" hdrgm:Version="1.0"/>' +
  '</rdf:RDF></x:xmpmeta>';

/** Builds an EXIF APP1 segment whose IFD0 holds one Make tag. */
function createExifWithMake(): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4 + 12);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x010f, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(12, 14);
  tiff.writeUInt32BE(26, 18);
  tiff.write('FixtureCam\0', 26, 'latin1');
  return createSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

let primary: Buffer = Buffer.alloc(0);
let gainMap: Buffer = Buffer.alloc(0);
let view: Buffer = Buffer.alloc(0);
let ultraHdr: Buffer = Buffer.alloc(0);
let stereo: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  primary = insertAfterSoi(await createJpeg(), createExifWithMake());
  const gray = await createJpeg({ width: 48, height: 32, channels: 1 });
  gainMap = insertAfterSoi(gray, createXmpSegment(GAIN_MAP_XMP), createIsoGainMapSegment());
  view = insertAfterSoi(await createJpeg({ width: 96, height: 64 }), createExifWithMake());
  ultraHdr = createMultiPictureJpeg({
    primary,
    primarySegments: [createXmpSegment(PRIMARY_XMP)],
    images: [{ bytes: gainMap, attributes: MP_ATTRIBUTES.undefined }],
  });
  stereo = createMultiPictureJpeg({
    primary,
    images: [{ bytes: view, attributes: MP_ATTRIBUTES.disparity }],
  });
});

/** Returns the error code the structure check throws, or null when it passes. */
function check(input: Uint8Array, output: Uint8Array, policy: KeepPolicy = DEFAULT_KEEP_POLICY) {
  try {
    verifyJpegStructure(input, output, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return null;
}

/** Returns a copy of `bytes` with the first `from` replaced by `to`, of the same length. */
function replaceOnce(bytes: Uint8Array, from: string, to: string): Buffer {
  const copy = Buffer.from(bytes);
  const offset = copy.indexOf(from);
  expect(offset).toBeGreaterThan(-1);
  expect(to.length).toBe(from.length);
  copy.write(to, offset, 'latin1');
  return copy;
}

/** Returns the offset of the first MP entry after the primary's in `bytes`. */
function findSecondEntry(bytes: Uint8Array): number {
  const tiff = Buffer.from(bytes).indexOf('MPF\0') + 4;
  return tiff + 50 + 16;
}

describe('verifyJpegStructure accepts multi-picture output', () => {
  it('a cleaned Ultra HDR file', () => {
    const result = stripJpeg(ultraHdr, DEFAULT_KEEP_POLICY);

    expect(check(ultraHdr, result.bytes)).toBeNull();
    expect(() => {
      verifyClean(ultraHdr, result, DEFAULT_KEEP_POLICY);
    }).not.toThrow();
  });

  it('a cleaned stereo pair', () => {
    const result = stripJpeg(stereo, DEFAULT_KEEP_POLICY);

    expect(sliceMpfImages(result.bytes)).toHaveLength(2);
    expect(check(stereo, result.bytes)).toBeNull();
  });

  it('a dropped gain map when the policy drops it', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, hdrGainMap: false };

    expect(check(ultraHdr, stripJpeg(ultraHdr, policy).bytes, policy)).toBeNull();
  });
});

describe('verifyJpegStructure rejects multi-picture output with', () => {
  it('bytes after the last image', () => {
    const output = Buffer.concat([
      stripJpeg(ultraHdr, DEFAULT_KEEP_POLICY).bytes,
      Buffer.from('x'),
    ]);

    expect(check(ultraHdr, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('an image offset that misses the image', () => {
    const output = Buffer.from(stripJpeg(stereo, DEFAULT_KEEP_POLICY).bytes);
    const entry = findSecondEntry(output);
    output.writeUInt32BE(output.readUInt32BE(entry + 8) + 1, entry + 8);

    expect(check(stereo, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('a kept image declared as a thumbnail', () => {
    const output = Buffer.from(stripJpeg(stereo, DEFAULT_KEEP_POLICY).bytes);
    output.writeUInt32BE(MP_ATTRIBUTES.largeThumbnail, findSecondEntry(output));

    expect(check(stereo, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('a gain map XMP beyond the gain map values', () => {
    const cleaned = stripJpeg(ultraHdr, DEFAULT_KEEP_POLICY).bytes;
    const output = replaceOnce(
      cleaned,
      'hdrgm:Version="1.0" hdrgm:GainMapMax',
      'hdrgm:Version="1.0" hdrgm:GainMapMaX',
    );

    expect(check(ultraHdr, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('a primary XMP naming a wrong gain map length', () => {
    const cleaned = stripJpeg(ultraHdr, DEFAULT_KEEP_POLICY).bytes;
    const length = sliceMpfImages(cleaned)[1]?.length ?? 0;
    const wrong = String(length + 1)
      .padStart(String(length).length, '0')
      .slice(-String(length).length);
    const output = replaceOnce(cleaned, `Item:Length="${length}"`, `Item:Length="${wrong}"`);

    expect(check(ultraHdr, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('a dropped stereo view', () => {
    const output = stripJpeg(primary, DEFAULT_KEEP_POLICY).bytes;

    expect(check(stereo, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('a dropped gain map the policy keeps', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, hdrGainMap: false };
    const output = stripJpeg(ultraHdr, policy).bytes;

    expect(check(ultraHdr, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('a view that keeps its EXIF', () => {
    const cleanedPrimary = sliceMpfImages(stripJpeg(stereo, DEFAULT_KEEP_POLICY).bytes)[0];
    const output = Buffer.concat([cleanedPrimary ?? Buffer.alloc(0), view]);
    // The cleaned primary's index already gives the view's position; only its length differs.
    const entry = findSecondEntry(output);
    output.writeUInt32BE(view.length, entry + 4);

    expect(check(stereo, output)).toBe('E_VERIFY_STRUCTURE');
  });
});
