import { deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { stripPng } from '../../src/strip/png/strip-png.js';
import { MAX_PNG_CHUNKS } from '../../src/strip/png/walk-png-chunks.js';
import { verifyPngStructure } from '../../src/verify/verify-png-structure.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import {
  buildAnimatedPng,
  encodeChunk,
  insertChunksBefore,
  joinChunks,
  orientationTiff,
  splitChunks,
  textChunk,
  type TestChunk,
} from '../helpers/png-chunks.js';
import { createPng, resetPngFixtureDir, writeMetadata } from '../helpers/png-fixtures.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

let input: Buffer;
let output: Uint8Array;

beforeAll(async () => {
  const palettePng = await createPng({ palette: true, channels: 4, icc: 'p3' });
  const colourChunks: TestChunk[] = [
    { type: 'gAMA', data: Buffer.from([0, 0, 0xb1, 0x8f]) },
    { type: 'cHRM', data: Buffer.alloc(32, 7) },
  ];
  const withColour = insertChunksBefore(palettePng, 'PLTE', colourChunks);
  input = insertChunksBefore(withColour, 'IDAT', [
    { type: 'eXIf', data: orientationTiff(6) },
    textChunk('parameters', 'a castle'),
  ]);
  output = stripPng(input, DEFAULT_KEEP_POLICY).bytes;
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function getVerifyErrorCode(
  cleaned: Uint8Array,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
  original: Uint8Array = input,
): string {
  try {
    verifyPngStructure(original, cleaned, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

/** Returns the output with its chunks changed by `edit`, lengths and CRCs recomputed. */
function editOutput(edit: (chunks: TestChunk[]) => void): Buffer {
  const chunks = splitChunks(output);
  edit(chunks);
  return joinChunks(chunks);
}

function indexOfType(chunks: readonly TestChunk[], type: string): number {
  return chunks.findIndex((chunk) => chunk.type === type);
}

describe('verifyPngStructure', () => {
  it('accepts the stripper output', () => {
    expect(getVerifyErrorCode(output)).toBe('passed');
  });

  it('accepts an input that was already clean as its own output', async () => {
    const clean = await createPng();
    expect(getVerifyErrorCode(clean, DEFAULT_KEEP_POLICY, clean)).toBe('passed');
  });

  it('rejects a tEXt chunk re-inserted', () => {
    const tampered = insertChunksBefore(output, 'IDAT', [textChunk('Comment', 'words')]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an unknown ancillary chunk', () => {
    const tampered = insertChunksBefore(output, 'IEND', [{ type: 'zzZz', data: Buffer.alloc(3) }]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a changed IDAT byte even with a valid CRC', () => {
    const tampered = editOutput((chunks) => {
      const imageData = chunks[indexOfType(chunks, 'IDAT')];
      if (imageData !== undefined) {
        const data = Buffer.from(imageData.data);
        data[data.length - 5] = (data[data.length - 5] ?? 0) ^ 1;
        chunks[indexOfType(chunks, 'IDAT')] = { type: 'IDAT', data };
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a changed palette', () => {
    const tampered = editOutput((chunks) => {
      const palette = chunks[indexOfType(chunks, 'PLTE')];
      if (palette !== undefined) {
        const data = Buffer.from(palette.data);
        data[0] = (data[0] ?? 0) ^ 0xff;
        chunks[indexOfType(chunks, 'PLTE')] = { type: 'PLTE', data };
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects colour chunks in another order', () => {
    const tampered = editOutput((chunks) => {
      const gamma = indexOfType(chunks, 'gAMA');
      const chromaticities = indexOfType(chunks, 'cHRM');
      const [first, second] = [chunks[gamma], chunks[chromaticities]];
      if (first !== undefined && second !== undefined) {
        chunks[gamma] = second;
        chunks[chromaticities] = first;
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a missing chunk of the input', () => {
    const tampered = editOutput((chunks) => {
      chunks.splice(indexOfType(chunks, 'gAMA'), 1);
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an extra tag in the eXIf chunk', () => {
    const exifWithSoftware = Buffer.alloc(44);
    exifWithSoftware.write('MM\0*', 0, 'latin1');
    exifWithSoftware.writeUInt32BE(8, 4);
    exifWithSoftware.writeUInt16BE(2, 8);
    exifWithSoftware.writeUInt16BE(0x0112, 10);
    exifWithSoftware.writeUInt16BE(3, 12);
    exifWithSoftware.writeUInt32BE(1, 14);
    exifWithSoftware.writeUInt16BE(6, 18);
    exifWithSoftware.writeUInt16BE(0x0131, 22);
    exifWithSoftware.writeUInt16BE(2, 24);
    exifWithSoftware.writeUInt32BE(4, 26);
    exifWithSoftware.write('abc\0', 30, 'latin1');
    const tampered = editOutput((chunks) => {
      chunks[indexOfType(chunks, 'eXIf')] = { type: 'eXIf', data: exifWithSoftware };
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects bytes hidden after the minimal EXIF block', () => {
    const tampered = editOutput((chunks) => {
      const padded = Buffer.concat([orientationTiff(6), Buffer.from('hidden')]);
      chunks[indexOfType(chunks, 'eXIf')] = { type: 'eXIf', data: padded };
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it.skipIf(!isExifToolAvailable())('rejects an EXIF tag added by ExifTool', async () => {
    const tampered = await writeMetadata(output, ['-EXIF:Make=Acme']);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects orientation the policy drops', () => {
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, orientation: false };
    expect(getVerifyErrorCode(output, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an eXIf chunk after the image data', () => {
    const tampered = editOutput((chunks) => {
      const [exif] = chunks.splice(indexOfType(chunks, 'eXIf'), 1);
      if (exif !== undefined) {
        chunks.splice(indexOfType(chunks, 'IEND'), 0, exif);
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a second eXIf chunk', () => {
    const tampered = insertChunksBefore(output, 'IDAT', [
      { type: 'eXIf', data: orientationTiff(6) },
    ]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects data after IEND', () => {
    const tampered = Buffer.concat([output, Buffer.from('appended')]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a bad CRC', () => {
    const tampered = Buffer.from(output);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a file cut before IEND', () => {
    expect(getVerifyErrorCode(output.subarray(0, output.length - 12))).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects iCCP when the policy drops colour profiles', () => {
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
    expect(getVerifyErrorCode(output, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('accepts caBX only in a file left untouched under content credentials', () => {
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };
    const signed = insertChunksBefore(output, 'IDAT', [
      { type: 'caBX', data: Buffer.from('manifest') },
    ]);

    expect(getVerifyErrorCode(signed, policy, signed)).toBe('passed');
    expect(getVerifyErrorCode(signed, policy)).toBe('E_VERIFY_STRUCTURE');
    expect(getVerifyErrorCode(signed, DEFAULT_KEEP_POLICY, signed)).toBe('E_VERIFY_STRUCTURE');
  });

  describe('chunk contents of a file as it is', () => {
    const secret = Buffer.from('GPSLatitude=48.8584;Owner=Jane Doe;Serial=SN123456', 'latin1');
    let plain: Buffer;

    beforeAll(async () => {
      plain = await createPng();
    });

    /** Verifies `file` as its own output, the way a file already called clean is checked. */
    function getSelfVerifyErrorCode(file: Uint8Array): string {
      return getVerifyErrorCode(file, DEFAULT_KEEP_POLICY, file);
    }

    function replaceImageData(png: Uint8Array, data: Buffer): Buffer {
      const chunks = splitChunks(png).filter((chunk) => chunk.type !== 'IDAT');
      chunks.splice(chunks.length - 1, 0, { type: 'IDAT', data });
      return joinChunks(chunks);
    }

    function readImageData(png: Uint8Array): Buffer {
      const chunks = splitChunks(png).filter((chunk) => chunk.type === 'IDAT');
      return Buffer.concat(chunks.map((chunk) => chunk.data));
    }

    it.each([
      ['interlaced RGBA', { progressive: true }, 8, 1],
      [
        'interlaced 2-bit palette',
        { progressive: true, palette: true, colours: 4, bitdepth: 2 },
        2,
        1,
      ],
      ['1-bit palette', { palette: true, colours: 2, bitdepth: 1 }, 1, 0],
      ['4-bit palette', { palette: true, colours: 16, bitdepth: 4 }, 4, 0],
    ] as const)('accepts the image data of %s', async (_name, options, bitDepth, interlace) => {
      const png = await sharp({
        create: { width: 13, height: 11, channels: 3, background: '#3a6ea5' },
      })
        .composite([{ input: await createPng({ width: 5, height: 11 }), left: 3, top: 0 }])
        .png(options)
        .toBuffer();
      expect(png[24], 'bit depth').toBe(bitDepth);
      expect(png[28], 'interlace method').toBe(interlace);

      expect(getSelfVerifyErrorCode(png)).toBe('passed');
    });

    it('accepts the image data of 16-bit greyscale', async () => {
      const png = await sharp({
        create: { width: 7, height: 5, channels: 3, background: '#808080' },
      })
        .toColourspace('grey16')
        .png()
        .toBuffer();
      expect(png[24]).toBe(16);

      expect(getSelfVerifyErrorCode(png)).toBe('passed');
    });

    it('accepts a plain file and a valid APNG', () => {
      expect(getSelfVerifyErrorCode(plain)).toBe('passed');
      expect(getSelfVerifyErrorCode(buildAnimatedPng(plain, plain))).toBe('passed');
    });

    it.each([
      ['pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])],
      ['gAMA', Buffer.from([0, 0, 0xb1, 0x8f])],
      ['cHRM', Buffer.alloc(32, 7)],
      ['sRGB', Buffer.from([0])],
      ['cICP', Buffer.from([1, 13, 0, 1])],
      ['cLLI', Buffer.alloc(8, 3)],
      ['mDCV', Buffer.alloc(24, 2)],
      ['sBIT', Buffer.from([8, 8, 8, 8])],
      ['bKGD', Buffer.from([0, 1, 0, 2, 0, 3])],
    ])('rejects a %s chunk with bytes appended', (type, data) => {
      const withoutPhys = joinChunks(splitChunks(plain).filter((chunk) => chunk.type !== 'pHYs'));
      const valid = insertChunksBefore(withoutPhys, 'IDAT', [{ type, data }]);
      const padded = insertChunksBefore(withoutPhys, 'IDAT', [
        { type, data: Buffer.concat([data, secret]) },
      ]);

      expect(getSelfVerifyErrorCode(valid)).toBe('passed');
      expect(getSelfVerifyErrorCode(padded)).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects a second pHYs chunk', () => {
      const [physical] = splitChunks(plain).filter((chunk) => chunk.type === 'pHYs');
      const doubled = insertChunksBefore(plain, 'IDAT', physical === undefined ? [] : [physical]);
      expect(getSelfVerifyErrorCode(doubled)).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects iCCP data that is not ICC', () => {
      const profile = Buffer.concat([Buffer.from('Jane Doe\0\0', 'latin1'), deflateSync(secret)]);
      const tampered = insertChunksBefore(plain, 'IDAT', [{ type: 'iCCP', data: profile }]);
      expect(getSelfVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects bytes after a kept ICC profile', async () => {
      const withProfile = await createPng({ icc: 'p3' });
      const tampered = joinChunks(
        splitChunks(withProfile).map((chunk) =>
          chunk.type === 'iCCP'
            ? { type: 'iCCP', data: Buffer.concat([chunk.data, secret]) }
            : chunk,
        ),
      );

      expect(getSelfVerifyErrorCode(withProfile)).toBe('passed');
      expect(getSelfVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects bytes after the IDAT zlib stream', () => {
      const tampered = replaceImageData(plain, Buffer.concat([readImageData(plain), secret]));
      expect(getSelfVerifyErrorCode(tampered)).toBe('E_CORRUPT');
    });

    it('rejects image data of the wrong size', () => {
      const raw = inflateImageData(plain);
      const longer = replaceImageData(plain, deflateSync(Buffer.concat([raw, secret])));
      const shorter = replaceImageData(plain, deflateSync(raw.subarray(0, raw.length - 1)));

      expect(getSelfVerifyErrorCode(replaceImageData(plain, deflateSync(raw)))).toBe('passed');
      expect(getSelfVerifyErrorCode(longer)).toBe('E_CORRUPT');
      expect(getSelfVerifyErrorCode(shorter)).toBe('E_CORRUPT');
    });

    function inflateImageData(png: Uint8Array): Buffer {
      return inflateSync(readImageData(png));
    }

    it('rejects IDAT chunks split by another chunk', () => {
      const data = readImageData(plain);
      const chunks = splitChunks(plain).filter((chunk) => chunk.type !== 'IDAT');
      chunks.splice(
        chunks.length - 1,
        0,
        { type: 'IDAT', data: data.subarray(0, 5) },
        { type: 'gAMA', data: Buffer.from([0, 0, 0xb1, 0x8f]) },
        { type: 'IDAT', data: data.subarray(5) },
      );
      expect(getSelfVerifyErrorCode(joinChunks(chunks))).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects fdAT in a file without acTL', () => {
      const frame = Buffer.concat([Buffer.from([0, 0, 0, 1]), deflateSync(secret)]);
      const tampered = insertChunksBefore(plain, 'IEND', [{ type: 'fdAT', data: frame }]);
      expect(getSelfVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects an APNG with a skipped sequence number', () => {
      const chunks = splitChunks(buildAnimatedPng(plain, plain));
      const index = chunks.findIndex((chunk) => chunk.type === 'fdAT');
      const data = Buffer.from(chunks[index]?.data ?? Buffer.alloc(4));
      data.writeUInt32BE(7, 0);
      chunks[index] = { type: 'fdAT', data };

      expect(getSelfVerifyErrorCode(joinChunks(chunks))).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects bytes after an fdAT zlib stream', () => {
      const chunks = splitChunks(buildAnimatedPng(plain, plain));
      const index = chunks.findIndex((chunk) => chunk.type === 'fdAT');
      const data = Buffer.concat([chunks[index]?.data ?? Buffer.alloc(4), secret]);
      chunks[index] = { type: 'fdAT', data };

      expect(getSelfVerifyErrorCode(joinChunks(chunks))).toBe('E_CORRUPT');
    });

    it('rejects more chunks than the limit', () => {
      const empty = encodeChunk('IDAT');
      const many = Buffer.concat(Array.from({ length: MAX_PNG_CHUNKS }, () => empty));
      const idat = plain.indexOf('IDAT', 8, 'latin1') - 4;
      const tampered = Buffer.concat([plain.subarray(0, idat), many, plain.subarray(idat)]);

      expect(getSelfVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
    });
  });
});
