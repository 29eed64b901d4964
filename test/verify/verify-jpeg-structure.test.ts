import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { buildAdobeRgbProfile } from '../../src/strip/exif/build-adobe-rgb-profile.js';
import { buildMinimalExif } from '../../src/strip/exif/build-minimal-exif.js';
import { createIccSegments } from '../../src/strip/jpeg/create-icc-segments.js';
import { readJpegSegments } from '../../src/strip/jpeg/read-jpeg-segments.js';
import { stripJpeg } from '../../src/strip/jpeg/strip-jpeg.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { verifyJpegStructure } from '../../src/verify/verify-jpeg-structure.js';
import {
  appendTrailer,
  createAdobeSegment,
  createIccChunk,
  createJfifSegment,
  createJpeg,
  createJumbfSegment,
  createSegment,
  insertAfterSoi,
  insertBeforeScan,
} from '../strip/jpeg/jpeg-fixtures.js';

let base: Buffer = Buffer.alloc(0);
let withProfile: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  base = insertAfterSoi(await createJpeg(), createJfifSegment());
  withProfile = await sharp(await createJpeg())
    .withIccProfile('p3')
    .jpeg()
    .toBuffer();
});

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes);
}

function createExifSegment(tiff: Uint8Array | null): Buffer {
  if (tiff === null) {
    throw new Error('no EXIF block');
  }
  return createSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

/** Inserts segments right after the JFIF APP0 that `base` starts with. */
function insertAfterJfif(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 20), ...segments, jpeg.subarray(20)]);
}

/** Returns the error the structure check throws, or null when it passes. */
function check(input: Uint8Array, output: Uint8Array, policy: KeepPolicy = DEFAULT_KEEP_POLICY) {
  try {
    verifyJpegStructure(input, output, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error;
    }
    throw error;
  }
  return null;
}

/** Returns a copy of `jpeg` with the byte at `offset` incremented. */
function flipByte(jpeg: Buffer, offset: number): Buffer {
  const copy = Buffer.from(jpeg);
  copy[offset] = ((copy[offset] ?? 0) + 1) & 0xff;
  return copy;
}

describe('verifyJpegStructure accepts', () => {
  it('a file compared with itself', () => {
    expect(check(base, base)).toBeNull();
  });

  it('the stripper output with orientation, date and copyright', () => {
    const tiff = buildMinimalExif({
      orientation: 6,
      captureDate: '2020:01:01 10:00:00',
      copyright: 'Someone',
    });
    const input = insertAfterJfif(base, createExifSegment(tiff), createSegment(0xfe, 'comment'));
    const policy = { ...DEFAULT_KEEP_POLICY, captureDate: true, copyright: true };
    const output = stripJpeg(input, policy).bytes;

    expect(check(input, output, policy)).toBeNull();
  });

  it('an Adobe RGB profile in place of the EXIF marking', () => {
    // Big-endian TIFF header, then IFD0 (at 8) with an Exif IFD pointer, the Exif IFD (at 26)
    // with ColorSpace 0xFFFF and an Interop pointer, and the Interop IFD (at 56) with "R03".
    const header = '4d4d002a00000008';
    const ifd0 = `0001${'8769000400000001' + '0000001a'}00000000`;
    const exifIfd = `0002${'a001000300000001' + 'ffff0000'}${'a005000400000001' + '00000038'}00000000`;
    const interopIfd = `0001${'0001000200000004' + '52303300'}00000000`;
    const marking = Buffer.from(header + ifd0 + exifIfd + interopIfd, 'hex');
    expect(marking.length).toBe(74);
    const input = insertAfterJfif(base, createExifSegment(marking));
    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).toContain('icc-profile');
    expect(check(input, result.bytes)).toBeNull();
  });

  it('an Adobe segment cut to its 12-byte header', () => {
    const input = insertAfterJfif(base, createAdobeSegment(1, Buffer.from('extra bytes')));
    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(check(input, result.bytes)).toBeNull();
  });

  it('ICC chunks without a profile dropped from the output', () => {
    const input = insertAfterJfif(base, createIccChunk(1, 1, Buffer.from('no profile')));
    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(check(input, result.bytes)).toBeNull();
  });

  it('a DNL segment dropped from before the first scan', () => {
    const input = insertBeforeScan(base, 0, createSegment(0xdc, Buffer.from([0, 64])));
    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(check(input, result.bytes)).toBeNull();
  });

  it('kept ICC chunks and content credentials', () => {
    const input = insertAfterSoi(withProfile, createJumbfSegment());
    const policy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };

    expect(check(input, input, policy)).toBeNull();
  });
});

describe('verifyJpegStructure rejects', () => {
  it.each([
    ['a COM segment', createSegment(0xfe, 'note')],
    ['an XMP segment', createSegment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x/>')],
    ['a vendor APP segment', createSegment(0xe5, 'Vendor')],
    ['an APP13 segment', createSegment(0xed, 'Photoshop 3.0\0')],
    ['a second JFIF segment', createJfifSegment()],
    ['a JFIF segment with a thumbnail', createJfifSegment(2, 2)],
    ['a JFXX segment', createSegment(0xe0, 'JFXX\0\x10')],
    ['JUMBF without the policy', createJumbfSegment()],
  ])('%s', (_title, segment) => {
    const output = insertAfterJfif(base, segment);

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('data after EOI', () => {
    const output = appendTrailer(base, Buffer.from('trailer'));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an EXIF block with a tag outside the minimal block', () => {
    const tiff = Buffer.from(buildMinimalExif({ orientation: 6 }) ?? []);
    tiff.writeUInt16BE(0x010f, 10); // Make instead of Orientation
    const output = insertAfterJfif(base, createExifSegment(tiff));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an EXIF block with slack bytes', () => {
    const minimal = Buffer.from(buildMinimalExif({ orientation: 6 }) ?? []);
    const tiff = Buffer.concat([minimal, Buffer.from('hidden')]);
    const output = insertAfterJfif(base, createExifSegment(tiff));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an IFD1 chained after our block', () => {
    const tiff = Buffer.from(buildMinimalExif({ orientation: 6 }) ?? []);
    tiff.writeUInt32BE(8, 22);
    const output = insertAfterJfif(base, createExifSegment(tiff));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('two EXIF segments', () => {
    const segment = createExifSegment(buildMinimalExif({ orientation: 6 }));
    const output = insertAfterJfif(base, segment, segment);

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('values the policy does not keep, without naming them', () => {
    const copyright = 'Private Name';
    const tiff = buildMinimalExif({
      orientation: 3,
      captureDate: '2020:01:01 10:00:00',
      copyright,
    });
    const output = insertAfterJfif(base, createExifSegment(tiff));
    const error = check(output, output);

    expect(error?.code).toBe('E_VERIFY_STRUCTURE');
    expect(error?.message).not.toContain(copyright);
    expect(check(output, output, { ...DEFAULT_KEEP_POLICY, orientation: false })).not.toBeNull();
  });

  it('orientation when the policy drops it', () => {
    const output = insertAfterJfif(base, createExifSegment(buildMinimalExif({ orientation: 6 })));

    expect(check(output, output, { ...DEFAULT_KEEP_POLICY, orientation: false })?.code).toBe(
      'E_VERIFY_STRUCTURE',
    );
  });

  it('an ICC profile when colour is not kept', () => {
    expect(
      check(withProfile, withProfile, { ...DEFAULT_KEEP_POLICY, colorProfile: false })?.code,
    ).toBe('E_VERIFY_STRUCTURE');
  });

  it('an ICC profile that differs from the input', () => {
    const iccOffset = withProfile.indexOf('ICC_PROFILE\0');
    const output = flipByte(withProfile, iccOffset + 100);

    expect(check(withProfile, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('a dropped ICC profile while colour is kept', () => {
    const output = stripJpeg(withProfile, { ...DEFAULT_KEEP_POLICY, colorProfile: false }).bytes;

    expect(check(withProfile, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an Adobe RGB profile the input did not call for', () => {
    const output = insertAfterJfif(
      base,
      ...createIccSegments(buildAdobeRgbProfile()).map(toBuffer),
    );

    expect(check(base, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('a changed quantisation table', () => {
    const dqt = readJpegSegments(base).segments.find((segment) => segment.marker === 0xdb);
    const output = flipByte(base, (dqt?.offset ?? 0) + 10);

    expect(check(base, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('a changed byte of scan data', () => {
    const output = flipByte(base, base.length - 20);

    expect(check(base, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('a missing Huffman table', () => {
    const dht = readJpegSegments(base).segments.find((segment) => segment.marker === 0xc4);
    const start = dht?.offset ?? 0;
    const output = Buffer.concat([
      base.subarray(0, start),
      base.subarray(start + (dht?.bytes.length ?? 0)),
    ]);

    expect(check(base, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('a dropped Adobe APP14 segment', () => {
    const adobe = createSegment(0xee, Buffer.from('Adobe\0\x64\0\0\0\0\x01', 'latin1'));
    const input = insertAfterJfif(base, adobe);

    expect(check(input, input)).toBeNull();
    expect(check(input, base)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an output that cannot be walked', () => {
    expect(check(base, base.subarray(0, base.length - 2))?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an Adobe segment with bytes beyond its header', () => {
    const output = insertAfterJfif(base, createAdobeSegment(1, Buffer.from('hidden')));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an Adobe segment shorter than its header', () => {
    const output = insertAfterJfif(base, createSegment(0xee, 'Adobe\0d'));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an Adobe segment after the first scan', () => {
    const output = insertBeforeScan(base, 1, createAdobeSegment(1));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('ICC chunks that hold no ICC profile', () => {
    const output = insertAfterJfif(base, createIccChunk(1, 1, Buffer.from('hidden bytes')));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('ICC chunks with inconsistent numbering', () => {
    const chunks = readJpegSegments(withProfile).segments.filter(
      (segment) => segment.marker === 0xe2,
    );
    const payload = Buffer.from(chunks[0]?.payload ?? []).subarray(14);
    const output = insertAfterSoi(
      base,
      createIccChunk(1, 2, payload),
      createIccChunk(1, 2, payload),
    );

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an ICC profile with bytes beyond its size field', () => {
    const chunks = readJpegSegments(withProfile).segments.filter(
      (segment) => segment.marker === 0xe2,
    );
    const payload = Buffer.from(chunks[0]?.payload ?? []).subarray(14);
    const output = insertAfterSoi(
      base,
      createIccChunk(1, 1, Buffer.concat([payload, Buffer.of(1)])),
    );

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('ICC chunks after the first scan', () => {
    const iccSegments = createIccSegments(buildAdobeRgbProfile()).map(toBuffer);
    const output = insertBeforeScan(base, 1, ...iccSegments);

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('a DNL segment before the first scan', () => {
    const output = insertBeforeScan(base, 0, createSegment(0xdc, Buffer.from([0, 64])));

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('a frame header with extra bytes', () => {
    const sof = readJpegSegments(base).segments.find((segment) => segment.marker === 0xc0);
    const start = sof?.offset ?? 0;
    const grown = createSegment(
      0xc0,
      Buffer.concat([sof?.payload ?? Buffer.alloc(0), Buffer.of(7)]),
    );
    const output = Buffer.concat([
      base.subarray(0, start),
      grown,
      base.subarray(start + (sof?.bytes.length ?? 0)),
    ]);

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an EXIF segment after the first scan', () => {
    const output = insertBeforeScan(
      base,
      1,
      createExifSegment(buildMinimalExif({ orientation: 6 })),
    );

    expect(check(output, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('orientation the input applies nowhere', () => {
    const exif = createExifSegment(buildMinimalExif({ orientation: 6 }));
    const input = insertBeforeScan(base, 1, exif);
    const output = insertAfterJfif(base, exif);

    expect(check(input, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });

  it('an orientation that differs from the input', () => {
    const input = insertAfterJfif(base, createExifSegment(buildMinimalExif({ orientation: 3 })));
    const output = insertAfterJfif(base, createExifSegment(buildMinimalExif({ orientation: 6 })));

    expect(check(input, output)?.code).toBe('E_VERIFY_STRUCTURE');
  });
});
