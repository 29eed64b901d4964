import { deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../../../src/shared/kinds.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../../src/strip/keep-policy.js';
import { stripPng } from '../../../src/strip/png/strip-png.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { expectCleanOutput, type FormatUnderTest } from '../../helpers/expect-clean-output.js';
import { getStripErrorCode } from '../../helpers/get-strip-error-code.js';
import { decodePixels } from '../../helpers/pixels.js';
import {
  buildAnimatedPng,
  compressedTextChunk,
  frameControlChunk,
  findChunks,
  formatRawProfile,
  insertChunksBefore,
  internationalTextChunk,
  joinChunks,
  listChunkTypes,
  orientationTiff,
  splitChunks,
  textChunk,
  type TestChunk,
} from '../../helpers/png-chunks.js';
import {
  createPng,
  listIdentifyingTagsOf,
  readTags,
  resetPngFixtureDir,
  writeFixtureFile,
  writeMetadata,
} from '../../helpers/png-fixtures.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';

const hasExifTool = isExifToolAvailable();

let basePng: Buffer;

beforeAll(async () => {
  basePng = await createPng();
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function withChunksBeforeImageData(chunks: readonly TestChunk[]): Buffer {
  return insertChunksBefore(basePng, 'IDAT', chunks);
}

const PNG: FormatUnderTest = {
  strip: stripPng,
  decodeImages: async (bytes) => [await decodePixels(bytes)],
  extension: 'png',
};

describe('stripPng', () => {
  it('returns an already clean file as the same array', () => {
    const result = stripPng(basePng, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(result.bytes).toBe(basePng);
    expect(result.removed).toEqual([]);
    expect(result.kept).toEqual([]);
    expect(result.format).toBe('png');
  });

  describe.skipIf(!hasExifTool)('metadata written by ExifTool', () => {
    const cases: readonly {
      readonly name: string;
      readonly args: readonly string[];
      readonly kind: Kind;
      readonly chunk: string;
    }[] = [
      {
        name: 'GPS position',
        args: ['-GPSLatitude=48.85', '-GPSLatitudeRef=N'],
        kind: 'gps',
        chunk: 'eXIf',
      },
      { name: 'camera make', args: ['-EXIF:Make=Acme'], kind: 'camera-model', chunk: 'eXIf' },
      {
        name: 'camera serial',
        args: ['-EXIF:SerialNumber=SN-0042'],
        kind: 'camera-serial',
        chunk: 'eXIf',
      },
      { name: 'EXIF artist', args: ['-EXIF:Artist=A. Person'], kind: 'owner', chunk: 'eXIf' },
      {
        name: 'EXIF capture date',
        args: ['-EXIF:DateTimeOriginal=2021:02:03 04:05:06'],
        kind: 'datetime',
        chunk: 'eXIf',
      },
      {
        name: 'EXIF software',
        args: ['-EXIF:Software=Editor 1.0'],
        kind: 'software',
        chunk: 'eXIf',
      },
      { name: 'PNG comment', args: ['-PNG:Comment=some words'], kind: 'comment', chunk: 'tEXt' },
      {
        name: 'PNG description',
        args: ['-PNG:Description=a scene'],
        kind: 'comment',
        chunk: 'tEXt',
      },
      { name: 'PNG author', args: ['-PNG:Author=A. Person'], kind: 'owner', chunk: 'tEXt' },
      { name: 'PNG copyright', args: ['-PNG:Copyright=A. Person'], kind: 'owner', chunk: 'tEXt' },
      {
        name: 'PNG creation time',
        args: ['-PNG:CreationTime=2021:02:03 04:05:06'],
        kind: 'datetime',
        chunk: 'tEXt',
      },
      { name: 'PNG software', args: ['-PNG:Software=Editor 1.0'], kind: 'software', chunk: 'tEXt' },
      { name: 'PNG title', args: ['-PNG:Title=Holiday'], kind: 'text-chunk', chunk: 'tEXt' },
      {
        name: 'compressed PNG comment',
        args: ['-z', `-PNG:Comment=${'long words '.repeat(40)}`],
        kind: 'comment',
        chunk: 'zTXt',
      },
      {
        name: 'tIME chunk',
        args: ['-PNG:ModifyDate=2021:02:03 04:05:06'],
        kind: 'datetime',
        chunk: 'tIME',
      },
      { name: 'XMP packet', args: ['-XMP-dc:Title=Holiday'], kind: 'xmp', chunk: 'iTXt' },
    ];

    it.each(cases)('removes $name as $kind', async ({ args, kind, chunk }) => {
      const input = await writeMetadata(basePng, args);
      expect(listChunkTypes(input)).toContain(chunk);
      expect(await listIdentifyingTagsOf(input)).not.toEqual([]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(true);
      expect(result.removed).toContain(kind);
      expect(listChunkTypes(result.bytes)).not.toContain(chunk);
      await expectCleanOutput(PNG, input, result);
    });

    it('removes an EXIF thumbnail', async () => {
      const jpegThumbnail = await sharp({
        create: { width: 4, height: 3, channels: 3, background: '#804020' },
      })
        .jpeg()
        .toBuffer();
      const thumbnailFile = await writeFixtureFile(jpegThumbnail, 'jpg');
      const input = await writeMetadata(basePng, [
        '-EXIF:Make=Acme',
        `-ThumbnailImage<=${thumbnailFile}`,
      ]);
      expect(Object.keys(await readTags(input))).toContain('EXIF:IFD1:ThumbnailImage');

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toContain('thumbnail');
      await expectCleanOutput(PNG, input, result);
    });

    it('keeps orientation as an eXIf chunk before the image data', async () => {
      const input = await writeMetadata(basePng, [
        '-Orientation#=6',
        '-GPSLatitude=48.85',
        '-GPSLatitudeRef=N',
        '-EXIF:Make=Acme',
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['orientation']);
      expect(result.removed).toContain('gps');
      expect(result.removed).toContain('camera-model');
      expect(result.removed).not.toContain('orientation');
      const types = listChunkTypes(result.bytes);
      expect(types.indexOf('eXIf')).toBeGreaterThan(0);
      expect(types.indexOf('eXIf')).toBeLessThan(types.indexOf('IDAT'));
      const tags = await readTags(result.bytes);
      expect(tags['EXIF:IFD0:Orientation']).toBe(6);
      await expectCleanOutput(PNG, input, result);
    });

    it('removes orientation when the policy drops it', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, orientation: false };
      const input = await writeMetadata(basePng, ['-Orientation#=8']);

      const result = stripPng(input, policy);

      expect(result.removed).toContain('orientation');
      expect(result.kept).toEqual([]);
      expect(listChunkTypes(result.bytes)).not.toContain('eXIf');
      await expectCleanOutput(PNG, input, result, policy);
    });

    it('drops orientation 1 without reporting it', async () => {
      const input = await writeMetadata(basePng, ['-Orientation#=1']);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).not.toContain('orientation');
      expect(result.kept).toEqual([]);
      expect(listChunkTypes(result.bytes)).not.toContain('eXIf');
    });

    it('keeps capture date and copyright when the policy keeps them', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, captureDate: true, copyright: true };
      const input = await writeMetadata(basePng, [
        '-EXIF:DateTimeOriginal=2021:02:03 04:05:06',
        '-EXIF:OffsetTimeOriginal=+02:00',
        '-EXIF:Copyright=A. Person',
        '-EXIF:ModifyDate=2022:01:01 00:00:00',
        '-GPSLatitude=48.85',
        '-GPSLatitudeRef=N',
      ]);

      const result = stripPng(input, policy);

      expect(result.kept).toEqual(['capture-date', 'copyright']);
      // ExifTool adds ExifVersion and ColorSpace, which are `exif-other`.
      expect(result.removed).toEqual(['gps', 'datetime', 'exif-other']);
      const tags = await readTags(result.bytes);
      expect(tags['EXIF:ExifIFD:DateTimeOriginal']).toBe('2021:02:03 04:05:06');
      expect(tags['EXIF:ExifIFD:OffsetTimeOriginal']).toBe('+02:00');
      expect(tags['EXIF:IFD0:Copyright']).toBe('A. Person');
      await expectCleanOutput(PNG, input, result, policy, [
        'EXIF:ExifIFD:DateTimeOriginal',
        'EXIF:ExifIFD:OffsetTimeOriginal',
        'EXIF:IFD0:Copyright',
        'Composite:SubSecDateTimeOriginal',
      ]);
    });

    it('removes capture date and copyright by default', async () => {
      const input = await writeMetadata(basePng, [
        '-EXIF:DateTimeOriginal=2021:02:03 04:05:06',
        '-EXIF:Copyright=A. Person',
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['owner', 'datetime', 'exif-other']);
      expect(result.kept).toEqual([]);
      await expectCleanOutput(PNG, input, result);
    });

    it('is idempotent on its own output', async () => {
      const input = await writeMetadata(basePng, [
        '-Orientation#=5',
        '-PNG:Comment=some words',
        '-XMP-dc:Title=Holiday',
      ]);
      const first = stripPng(input, DEFAULT_KEEP_POLICY);

      const second = stripPng(first.bytes, DEFAULT_KEEP_POLICY);

      expect(second.changed).toBe(false);
      expect(second.bytes).toBe(first.bytes);
      expect(second.removed).toEqual([]);
      expect(second.kept).toEqual(['orientation']);
    });
  });

  describe('ICC profile', () => {
    it('keeps iCCP byte for byte by default', async () => {
      const input = await createPng({ icc: 'p3' });
      const [profile] = findChunks(input, 'iCCP');
      const withComment = insertChunksBefore(input, 'IDAT', [textChunk('Comment', 'words')]);

      const result = stripPng(withComment, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['icc-profile']);
      const [keptProfile] = findChunks(result.bytes, 'iCCP');
      expect(keptProfile?.data.equals(profile?.data ?? Buffer.alloc(0))).toBe(true);
      await expectCleanOutput(PNG, withComment, result);
    });

    it('removes iCCP when the policy drops colour profiles', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
      const input = await createPng({ icc: 'p3' });

      const result = stripPng(input, policy);

      expect(result.removed).toEqual(['icc-profile']);
      expect(listChunkTypes(result.bytes)).not.toContain('iCCP');
      await expectCleanOutput(PNG, input, result, policy);
    });
  });

  describe('chunks ExifTool cannot write', () => {
    const cases: readonly {
      readonly name: string;
      readonly chunks: readonly TestChunk[];
      readonly kind: Kind;
    }[] = [
      {
        name: 'Stable Diffusion parameters',
        chunks: [textChunk('parameters', 'a castle\nNegative prompt: fog\nSteps: 20, Seed: 1')],
        kind: 'ai-prompt',
      },
      {
        name: 'ComfyUI prompt and workflow',
        chunks: [
          textChunk('prompt', '{"3":{"class_type":"KSampler","inputs":{"seed":1}}}'),
          textChunk('workflow', '{"nodes":[{"id":3,"type":"KSampler"}]}'),
        ],
        kind: 'ai-prompt',
      },
      {
        name: 'compressed iTXt parameters',
        chunks: [internationalTextChunk('parameters', 'a castle, Steps: 20', true)],
        kind: 'ai-prompt',
      },
      {
        name: 'zTXt workflow',
        chunks: [compressedTextChunk('workflow', '{"nodes":[]}')],
        kind: 'ai-prompt',
      },
      {
        name: 'C2PA caBX manifest',
        chunks: [{ type: 'caBX', data: Buffer.from('\0\0\0\x10jumbjumdc2pa', 'latin1') }],
        kind: 'c2pa',
      },
      {
        name: 'unknown ancillary chunk',
        chunks: [{ type: 'zzZz', data: Buffer.from('opaque') }],
        kind: 'unknown-block',
      },
      {
        name: 'raw IPTC profile',
        chunks: [
          textChunk(
            'Raw profile type iptc',
            formatRawProfile('iptc', Buffer.from('\x1c\x02\x05\x00\x04name', 'latin1')),
          ),
        ],
        kind: 'iptc',
      },
    ];

    it.each(cases)('removes $name as $kind', async ({ chunks, kind }) => {
      const input = withChunksBeforeImageData(chunks);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual([kind]);
      expect(listChunkTypes(result.bytes)).toEqual(listChunkTypes(basePng));
      expect(Buffer.from(result.bytes).equals(basePng)).toBe(true);
      await expectCleanOutput(PNG, input, result);
    });

    it('removes data after IEND as a trailer', async () => {
      const input = Buffer.concat([basePng, Buffer.from('ftypmp42 appended video')]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['trailer']);
      expect(Buffer.from(result.bytes).equals(basePng)).toBe(true);
      await expectCleanOutput(PNG, input, result);
    });

    it('rejects an unknown critical chunk as unsupported', () => {
      const input = withChunksBeforeImageData([{ type: 'ZZZZ', data: Buffer.from('needed') }]);
      expect(getStripErrorCode(stripPng, input)).toBe('E_UNSUPPORTED_FORMAT');
    });

    it('rejects a bad CRC as corrupt', () => {
      const input = Buffer.from(withChunksBeforeImageData([textChunk('Comment', 'words')]));
      const text = input.indexOf('tEXt', 8, 'latin1');
      input[text + 6] = (input[text + 6] ?? 0) ^ 0x20;

      expect(getStripErrorCode(stripPng, input)).toBe('E_CORRUPT');
    });

    it('rejects a file cut inside a chunk as truncated', () => {
      expect(getStripErrorCode(stripPng, basePng.subarray(0, basePng.length - 20))).toBe(
        'E_TRUNCATED',
      );
    });

    it('keeps caBX untouched when credentials are kept and nothing else goes', () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };
      const input = withChunksBeforeImageData([{ type: 'caBX', data: Buffer.from('manifest') }]);

      const result = stripPng(input, policy);

      expect(result.changed).toBe(false);
      expect(result.bytes).toBe(input);
      expect(result.kept).toEqual(['content-credentials']);
    });

    it('removes caBX when anything else has to go', () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };
      const input = withChunksBeforeImageData([
        { type: 'caBX', data: Buffer.from('manifest') },
        textChunk('parameters', 'a castle'),
      ]);

      const result = stripPng(input, policy);

      expect(result.removed).toEqual(['ai-prompt', 'c2pa']);
      expect(result.kept).toEqual([]);
      expect(listChunkTypes(result.bytes)).not.toContain('caBX');
    });
  });

  describe.skipIf(!hasExifTool)('orientation sources', () => {
    it('takes orientation from an ImageMagick raw EXIF profile', async () => {
      const profile = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(8)]);
      const input = withChunksBeforeImageData([
        textChunk('Raw profile type exif', formatRawProfile('exif', profile)),
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['orientation']);
      // The text chunk goes and its orientation comes back as eXIf.
      expect(result.removed).toEqual(['exif-other']);
      expect((await readTags(result.bytes))['EXIF:IFD0:Orientation']).toBe(8);
      await expectCleanOutput(PNG, input, result);
    });

    it('reads a raw EXIF profile from a zTXt chunk', async () => {
      const profile = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(3)]);
      const input = withChunksBeforeImageData([
        compressedTextChunk('Raw profile type exif', formatRawProfile('exif', profile)),
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['orientation']);
      expect((await readTags(result.bytes))['EXIF:IFD0:Orientation']).toBe(3);
    });

    it('ignores orientation in an eXIf after the image data', async () => {
      const input = insertChunksBefore(basePng, 'IEND', [
        { type: 'eXIf', data: orientationTiff(6) },
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['orientation']);
      expect(result.kept).toEqual([]);
      expect(listChunkTypes(result.bytes)).not.toContain('eXIf');
      await expectCleanOutput(PNG, input, result);
    });

    it('prefers an early eXIf over a raw profile', () => {
      const profile = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(6)]);
      const input = withChunksBeforeImageData([
        { type: 'eXIf', data: orientationTiff(3) },
        textChunk('Raw profile type exif', formatRawProfile('exif', profile)),
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);
      const [exif] = findChunks(result.bytes, 'eXIf');

      expect(exif?.data.equals(orientationTiff(3))).toBe(true);
      expect(result.kept).toEqual(['orientation']);
      expect(result.removed).toEqual(['exif-other']);
    });

    it('places the eXIf chunk after PLTE in a palette image', async () => {
      const input = await writeMetadata(await createPng({ palette: true, channels: 4 }), [
        '-Orientation#=7',
        '-PNG:Comment=words',
      ]);
      expect(listChunkTypes(input)).toContain('PLTE');

      const result = stripPng(input, DEFAULT_KEEP_POLICY);
      const types = listChunkTypes(result.bytes);

      expect(types.indexOf('eXIf')).toBeGreaterThan(types.indexOf('PLTE'));
      expect(types.indexOf('eXIf')).toBeLessThan(types.indexOf('IDAT'));
      await expectCleanOutput(PNG, input, result);
    });
  });

  describe('image-defining chunks', () => {
    it('keeps colour, transparency and size chunks byte for byte and in order', async () => {
      const palettePng = await createPng({ palette: true, channels: 4 });
      const colourChunks: TestChunk[] = [
        { type: 'gAMA', data: Buffer.from([0, 0, 0xb1, 0x8f]) },
        { type: 'cHRM', data: Buffer.alloc(32, 7) },
        { type: 'sRGB', data: Buffer.from([0]) },
        { type: 'cICP', data: Buffer.from([1, 13, 0, 1]) },
        { type: 'mDCV', data: Buffer.alloc(24, 2) },
        { type: 'cLLI', data: Buffer.alloc(8, 3) },
        { type: 'sBIT', data: Buffer.from([8, 8, 8]) },
      ];
      const chunks = splitChunks(palettePng);
      const palette = chunks.findIndex((chunk) => chunk.type === 'PLTE');
      chunks.splice(palette, 0, ...colourChunks, textChunk('Comment', 'before palette'));
      chunks.splice(
        chunks.findIndex((chunk) => chunk.type === 'IDAT'),
        0,
        { type: 'bKGD', data: Buffer.from([0]) },
        { type: 'tIME', data: Buffer.from([7, 229, 1, 2, 3, 4, 5]) },
      );
      const input = joinChunks(chunks);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['datetime', 'comment']);
      const expectedTypes = listChunkTypes(input).filter(
        (type) => !['tEXt', 'tIME'].includes(type),
      );
      expect(listChunkTypes(result.bytes)).toEqual(expectedTypes);
      const kept = splitChunks(result.bytes);
      const original = splitChunks(input).filter((chunk) => expectedTypes.includes(chunk.type));
      kept.forEach((chunk, i) => {
        expect(chunk.data.equals(original[i]?.data ?? Buffer.alloc(1)), chunk.type).toBe(true);
      });
      await expectCleanOutput(PNG, input, result);
    });

    it('keeps APNG animation chunks byte for byte', async () => {
      const first = await createPng({ background: '#102030' });
      const second = await createPng({ background: '#a0b0c0' });
      const animated = buildAnimatedPng(first, second);
      const input = insertChunksBefore(animated, 'acTL', [textChunk('Software', 'animator')]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['software']);
      expect(Buffer.from(result.bytes).equals(animated)).toBe(true);
      for (const type of ['acTL', 'fcTL', 'fdAT']) {
        expect(findChunks(result.bytes, type).length, type).toBe(findChunks(animated, type).length);
      }
      if (hasExifTool) {
        expect((await readTags(result.bytes))['PNG:AnimationFrames']).toBe(2);
        await expectCleanOutput(PNG, input, result);
      }
    });

    it('writes the eXIf before the APNG frames', () => {
      const profile = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(6)]);
      const animated = buildAnimatedPng(basePng, basePng);
      const input = insertChunksBefore(animated, 'IEND', [
        textChunk('Raw profile type exif', formatRawProfile('exif', profile)),
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);
      const types = listChunkTypes(result.bytes);

      expect(result.kept).toEqual(['orientation']);
      expect(types.indexOf('eXIf')).toBe(1);
      expect(types.indexOf('eXIf')).toBeLessThan(types.indexOf('acTL'));
      expect(types.filter((type) => type !== 'eXIf')).toEqual(listChunkTypes(animated));
    });
  });
});

/** A zTXt chunk whose zlib stream inflates to `size` bytes of ASCII zeros. */
function createTextBomb(keyword: string, size: number): TestChunk {
  const head = Buffer.from(`${keyword}\0\0`, 'latin1');
  return { type: 'zTXt', data: Buffer.concat([head, deflateSync(Buffer.alloc(size, 0x30))]) };
}

/** Builds an eXIf TIFF block in the given byte order with Orientation 6 and `slack` after it. */
function createOrientationExif(byteOrder: 'MM' | 'II', slack = Buffer.alloc(0)): Buffer {
  const tiff = Buffer.alloc(26);
  const isBig = byteOrder === 'MM';
  const write16 = (value: number, offset: number) =>
    isBig ? tiff.writeUInt16BE(value, offset) : tiff.writeUInt16LE(value, offset);
  const write32 = (value: number, offset: number) =>
    isBig ? tiff.writeUInt32BE(value, offset) : tiff.writeUInt32LE(value, offset);
  tiff.write(byteOrder, 0, 'latin1');
  write16(42, 2);
  write32(8, 4);
  write16(1, 8);
  write16(0x0112, 10);
  write16(3, 12);
  write32(1, 14);
  write16(6, 18);
  write32(0, 22);
  return Buffer.concat([tiff, slack]);
}

describe('stripPng on hostile input', () => {
  const secret = Buffer.from('GPSLatitude=48.8584;Owner=Jane Doe;Serial=SN123456', 'latin1');

  it('rejects IDAT chunks split by another chunk as corrupt', () => {
    const chunks = splitChunks(basePng);
    const imageData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
    const data = chunks[imageData]?.data ?? Buffer.alloc(0);
    chunks.splice(
      imageData,
      1,
      { type: 'IDAT', data: data.subarray(0, 10) },
      textChunk('Comment', 'between'),
      { type: 'IDAT', data: data.subarray(10) },
    );

    expect(getStripErrorCode(stripPng, joinChunks(chunks))).toBe('E_CORRUPT');
  });

  /** The base image (RGBA, 8 bits) without its pHYs, so each case can add its own. */
  function withChunksInPlainImage(chunks: readonly TestChunk[]): Buffer {
    const plain = joinChunks(splitChunks(basePng).filter((chunk) => chunk.type !== 'pHYs'));
    return insertChunksBefore(plain, 'IDAT', chunks);
  }

  it.each([
    ['gAMA', Buffer.from([0, 0, 0xb1, 0x8f])],
    ['cHRM', Buffer.alloc(32, 7)],
    ['sRGB', Buffer.from([0])],
    ['pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])],
    ['cICP', Buffer.from([1, 13, 0, 1])],
    ['cLLI', Buffer.alloc(8, 3)],
    ['mDCV', Buffer.alloc(24, 2)],
    ['sBIT', Buffer.from([8, 8, 8, 8])],
    ['bKGD', Buffer.from([0, 1, 0, 2, 0, 3])],
  ])('rejects a %s chunk with bytes appended as corrupt', (type, data) => {
    const valid = withChunksInPlainImage([{ type, data }]);
    const padded = withChunksInPlainImage([{ type, data: Buffer.concat([data, secret]) }]);

    expect(stripPng(valid, DEFAULT_KEEP_POLICY).changed).toBe(false);
    expect(getStripErrorCode(stripPng, padded)).toBe('E_CORRUPT');
  });

  it.each([
    ['sRGB with an unknown rendering intent', { type: 'sRGB', data: Buffer.from([4]) }],
    ['pHYs with an unknown unit', { type: 'pHYs', data: Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 2]) }],
    ['sBIT with a zero depth', { type: 'sBIT', data: Buffer.from([8, 0, 8, 8]) }],
    ['sBIT deeper than the samples', { type: 'sBIT', data: Buffer.from([8, 9, 8, 8]) }],
    ['sBIT of the length for RGB', { type: 'sBIT', data: Buffer.from([8, 8, 8]) }],
    ['bKGD above the bit depth', { type: 'bKGD', data: Buffer.from([1, 0, 0, 0, 0, 0]) }],
    ['tRNS in an image with alpha', { type: 'tRNS', data: Buffer.from([0, 1, 0, 2, 0, 3]) }],
    ['cICP with matrix coefficients', { type: 'cICP', data: Buffer.from([1, 13, 1, 1]) }],
  ])('rejects %s as corrupt', (_name, chunk) => {
    expect(getStripErrorCode(stripPng, withChunksInPlainImage([chunk]))).toBe('E_CORRUPT');
  });

  it('rejects a second gAMA chunk as corrupt', () => {
    const gamma = { type: 'gAMA', data: Buffer.from([0, 0, 0xb1, 0x8f]) };
    expect(getStripErrorCode(stripPng, withChunksBeforeImageData([gamma, gamma]))).toBe(
      'E_CORRUPT',
    );
  });

  it('rejects palette chunks that do not fit the palette', async () => {
    const palettePng = await createPng({ palette: true, channels: 4 });
    const entries = (findChunks(palettePng, 'PLTE')[0]?.data.length ?? 0) / 3;
    const outOfPalette = insertChunksBefore(palettePng, 'IDAT', [
      { type: 'bKGD', data: Buffer.from([entries]) },
    ]);
    const transparency = (length: number) =>
      insertChunksBefore(palettePng, 'IDAT', [{ type: 'tRNS', data: Buffer.alloc(length, 0x80) }]);

    expect(getStripErrorCode(stripPng, outOfPalette)).toBe('E_CORRUPT');
    expect(getStripErrorCode(stripPng, transparency(entries))).toBe('no error');
    expect(getStripErrorCode(stripPng, transparency(entries + 1))).toBe('E_CORRUPT');
  });

  it('rejects an IHDR with an invalid bit depth as corrupt', () => {
    const chunks = splitChunks(basePng);
    const header = Buffer.from(chunks[0]?.data ?? Buffer.alloc(13));
    header[8] = 7;
    chunks[0] = { type: 'IHDR', data: header };

    expect(getStripErrorCode(stripPng, joinChunks(chunks))).toBe('E_CORRUPT');
  });

  describe('iCCP', () => {
    let iccPng: Buffer;
    let profile: Buffer;

    beforeAll(async () => {
      iccPng = await createPng({ icc: 'p3' });
      const data = findChunks(iccPng, 'iCCP')[0]?.data ?? Buffer.alloc(0);
      const nameEnd = data.indexOf(0);
      profile = inflateSync(data.subarray(nameEnd + 2));
    });

    function withProfileChunk(data: Buffer): Buffer {
      const chunks = splitChunks(iccPng).map((chunk) =>
        chunk.type === 'iCCP' ? { type: 'iCCP', data } : chunk,
      );
      return joinChunks(chunks);
    }

    it('keeps a valid profile under any valid name', () => {
      const input = withProfileChunk(
        Buffer.concat([Buffer.from('Display P3\0\0', 'latin1'), deflateSync(profile)]),
      );

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(false);
      expect(result.kept).toEqual(['icc-profile']);
    });

    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    it.each([
      ['data that is not an ICC profile', () => [latin1('Jane Doe\0\0'), deflateSync(secret)]],
      [
        'a zlib stream followed by other bytes',
        () => [latin1('ICC\0\0'), deflateSync(profile), secret],
      ],
      ['compression method 1', () => [latin1('ICC\0\x01'), deflateSync(profile)]],
      ['an empty name', () => [latin1('\0\0'), deflateSync(profile)]],
      ['a name with a control character', () => [latin1('IC\nC\0\0'), deflateSync(profile)]],
      ['a name with a leading space', () => [latin1(' ICC\0\0'), deflateSync(profile)]],
      ['a name with two spaces in a row', () => [latin1('I  CC\0\0'), deflateSync(profile)]],
    ])('removes a profile with %s', async (_name, createParts) => {
      const input = withProfileChunk(Buffer.concat(createParts()));

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['icc-profile']);
      expect(result.kept).toEqual([]);
      expect(listChunkTypes(result.bytes)).not.toContain('iCCP');
      await expectCleanOutput(PNG, input, result);
    });

    it('removes a profile with a wrong size field', () => {
      const resized = Buffer.from(profile);
      resized.writeUInt32BE(profile.length + 4, 0);
      const input = withProfileChunk(Buffer.concat([Buffer.from('ICC\0\0'), deflateSync(resized)]));

      expect(stripPng(input, DEFAULT_KEEP_POLICY).removed).toEqual(['icc-profile']);
    });

    it('removes a second profile', () => {
      const second = { type: 'iCCP', data: findChunks(iccPng, 'iCCP')[0]?.data ?? Buffer.alloc(0) };
      const input = insertChunksBefore(iccPng, 'IDAT', [second]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['icc-profile']);
      expect(result.kept).toEqual(['icc-profile']);
      expect(findChunks(result.bytes, 'iCCP')).toHaveLength(1);
    });

    it('rejects an ICC profile bomb as corrupt', () => {
      const huge = Buffer.alloc(17 * 1024 * 1024);
      profile.copy(huge);
      huge.writeUInt32BE(huge.length, 0);
      const input = withProfileChunk(Buffer.concat([Buffer.from('ICC\0\0'), deflateSync(huge)]));

      expect(getStripErrorCode(stripPng, input)).toBe('E_CORRUPT');
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
      expect(stripPng(input, policy).removed).toEqual(['icc-profile']);
    });
  });

  describe('animation chunks', () => {
    it('removes fdAT from a file without acTL', async () => {
      const frame = Buffer.concat([Buffer.from([0, 0, 0, 1]), deflateSync(secret)]);
      const input = insertChunksBefore(basePng, 'IEND', [{ type: 'fdAT', data: frame }]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['unknown-block']);
      expect(Buffer.from(result.bytes).equals(basePng)).toBe(true);
      await expectCleanOutput(PNG, input, result);
    });

    it('removes acTL after the image data', async () => {
      const animation = { type: 'acTL', data: Buffer.from([0, 0, 0, 1, 0, 0, 0, 0]) };
      const input = insertChunksBefore(basePng, 'IEND', [animation]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['unknown-block']);
      expect(Buffer.from(result.bytes).equals(basePng)).toBe(true);
      await expectCleanOutput(PNG, input, result);
    });

    it.each([
      [
        'a skipped sequence number',
        (chunks: TestChunk[]) => {
          setSequence(chunks, 'fdAT', 3);
        },
      ],
      [
        'a repeated sequence number',
        (chunks: TestChunk[]) => {
          setSequence(chunks, 'fdAT', 1);
        },
      ],
      [
        'a frame count that differs from acTL',
        (chunks: TestChunk[]) => {
          setFrameCount(chunks, 3);
        },
      ],
      [
        'two frames before the image data',
        (chunks: TestChunk[]) => {
          const imageData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
          chunks.splice(imageData, 0, frameControlChunk(0, 12, 8));
          renumberFrames(chunks);
          setFrameCount(chunks, 3);
        },
      ],
      [
        'a frame outside the canvas',
        (chunks: TestChunk[]) => {
          const index = chunks.findLastIndex((chunk) => chunk.type === 'fcTL');
          chunks[index] = frameControlChunk(1, 13, 8);
        },
      ],
    ])('rejects an APNG with %s as corrupt', (_name, edit) => {
      const chunks = splitChunks(buildAnimatedPng(basePng, basePng));
      edit(chunks);
      expect(getStripErrorCode(stripPng, joinChunks(chunks))).toBe('E_CORRUPT');
    });

    function setSequence(chunks: TestChunk[], type: string, sequence: number): void {
      const index = chunks.findIndex((chunk) => chunk.type === type);
      const data = Buffer.from(chunks[index]?.data ?? Buffer.alloc(4));
      data.writeUInt32BE(sequence, 0);
      chunks[index] = { type, data };
    }

    /** Rewrites the fcTL and fdAT sequence numbers to count up from 0 in file order. */
    function renumberFrames(chunks: TestChunk[]): void {
      let sequence = 0;
      chunks.forEach((chunk, index) => {
        if (chunk.type === 'fcTL' || chunk.type === 'fdAT') {
          const data = Buffer.from(chunk.data);
          data.writeUInt32BE(sequence++, 0);
          chunks[index] = { type: chunk.type, data };
        }
      });
    }

    function setFrameCount(chunks: TestChunk[], frames: number): void {
      const index = chunks.findIndex((chunk) => chunk.type === 'acTL');
      const data = Buffer.from(chunks[index]?.data ?? Buffer.alloc(8));
      data.writeUInt32BE(frames, 0);
      chunks[index] = { type: 'acTL', data };
    }
  });

  describe('EXIF blocks', () => {
    it('reports eXIf slack bytes as exif-other', async () => {
      const input = withChunksBeforeImageData([
        { type: 'eXIf', data: createOrientationExif('MM', secret) },
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(true);
      expect(result.removed).toEqual(['exif-other']);
      expect(result.kept).toEqual(['orientation']);
      expect(findChunks(result.bytes, 'eXIf')[0]?.data.equals(orientationTiff(6))).toBe(true);
      await expectCleanOutput(PNG, input, result);
    });

    it('reports a little-endian eXIf as exif-other', () => {
      const input = withChunksBeforeImageData([
        { type: 'eXIf', data: createOrientationExif('II') },
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(true);
      expect(result.removed).toEqual(['exif-other']);
      expect(findChunks(result.bytes, 'eXIf')[0]?.data.equals(orientationTiff(6))).toBe(true);
    });

    it('leaves our own minimal eXIf untouched, also before PLTE', async () => {
      const palettePng = await createPng({ palette: true, channels: 4 });
      const input = insertChunksBefore(palettePng, 'PLTE', [
        { type: 'eXIf', data: orientationTiff(6) },
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(false);
      expect(result.removed).toEqual([]);
      expect(result.kept).toEqual(['orientation']);
    });

    it('reports a raw profile copying the orientation', () => {
      const profile = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(6)]);
      const input = withChunksBeforeImageData([
        { type: 'eXIf', data: orientationTiff(6) },
        textChunk('Raw profile type exif', formatRawProfile('exif', profile)),
      ]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['exif-other']);
      expect(result.kept).toEqual(['orientation']);
    });
  });

  describe('compressed text', () => {
    it('removes a compressed comment bomb', () => {
      const input = withChunksBeforeImageData([createTextBomb('Comment', 64 * 1024 * 1024)]);

      const result = stripPng(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['comment']);
      expect(Buffer.from(result.bytes).equals(basePng)).toBe(true);
    });

    it('rejects a raw EXIF profile bomb as corrupt', () => {
      const bomb = createTextBomb('Raw profile type exif', 32 * 1024 * 1024);
      expect(getStripErrorCode(stripPng, withChunksBeforeImageData([bomb]))).toBe('E_CORRUPT');
    });

    it('rejects raw EXIF profiles past the file budget', () => {
      const bomb = createTextBomb('Raw profile type exif', 3 * 1024 * 1024);
      const input = withChunksBeforeImageData(Array.from({ length: 6 }, () => bomb));

      expect(getStripErrorCode(stripPng, withChunksBeforeImageData([bomb]))).toBe('no error');
      expect(getStripErrorCode(stripPng, input)).toBe('E_CORRUPT');
    });

    it('rejects an oversized uncompressed raw profile', () => {
      const text = textChunk('Raw profile type exif', '0'.repeat(5 * 1024 * 1024));
      expect(getStripErrorCode(stripPng, withChunksBeforeImageData([text]))).toBe('E_CORRUPT');
    });
  });
});
