import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../../../src/shared/kinds.js';
import { buildAdobeRgbProfile } from '../../../src/strip/exif/build-adobe-rgb-profile.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../../src/strip/keep-policy.js';
import type { StripResult } from '../../../src/strip/strip-result.js';
import { stripTiff } from '../../../src/strip/tiff/strip-tiff.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { verifyWithSecondReader } from '../../../src/verify/verify-with-second-reader.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { expectCleanOutput, type FormatUnderTest } from '../../helpers/expect-clean-output.js';
import { getStripErrorCode } from '../../helpers/get-strip-error-code.js';
import { resetPngFixtureDir } from '../../helpers/png-fixtures.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { buildTiff, createRgbPageEntries, TYPE, type TestPage } from './tiff-builder.js';
import {
  createRgbPage,
  createSharpTiff,
  decodeTiffPages,
  listIdentifyingTiffTags,
  readTiffTags,
  writeTiffMetadata,
  type SharpTiffCompression,
} from './tiff-fixtures.js';

const hasExifTool = isExifToolAvailable();

/** Made-up identifying tags that ExifTool writes into IFD0, a GPS IFD and XMP. */
const DIRTY_ARGS = [
  '-IFD0:Make=Acme',
  '-IFD0:Model=Acme One',
  '-IFD0:Artist=A. Person',
  '-IFD0:Software=Editor 1.0',
  '-GPSLatitude=48.85',
  '-GPSLatitudeRef=N',
  '-XMP-dc:Title=Holiday',
];

let baseTiff: Buffer;

beforeAll(async () => {
  baseTiff = await createSharpTiff();
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

const TIFF: FormatUnderTest = { strip: stripTiff, decodeImages: decodeTiffPages, extension: 'tif' };

describe('stripTiff', () => {
  describe('files sharp writes', () => {
    const layouts: readonly (readonly [SharpTiffCompression, boolean, number])[] = [
      ['none', false, 1],
      ['lzw', false, 1],
      ['deflate', false, 1],
      ['jpeg', false, 1],
      ['deflate', true, 1],
      ['jpeg', true, 1],
      ['none', false, 3],
      ['lzw', false, 2],
      ['jpeg', false, 3],
      ['deflate', true, 2],
    ];
    const cases = layouts.map(([compression, tiled, pages]) => ({
      name: `${compression}${tiled ? ' tiled' : ''}, ${pages} page${pages > 1 ? 's' : ''}`,
      options: { compression, tiled, pages },
    }));

    it.each(cases)('returns a clean $name file as the same array', async ({ options }) => {
      const input = await createSharpTiff(options);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(false);
      expect(result.bytes).toBe(input);
      expect(result.removed).toEqual([]);
      expect(result.format).toBe('tiff');
      await expectCleanOutput(TIFF, input, result);
    });

    it.runIf(hasExifTool).each(cases)('cleans a dirty $name file', async ({ options }) => {
      const input = await writeTiffMetadata(await createSharpTiff(options), DIRTY_ARGS);
      expect(await listIdentifyingTiffTags(input)).not.toEqual([]);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(true);
      expect(result.removed).toEqual(['gps', 'camera-model', 'owner', 'software', 'xmp']);
      expect(result.bytes.length).toBeLessThan(input.length);
      for (const text of ['Acme', 'A. Person', 'Editor 1.0', 'Holiday']) {
        expect(Buffer.from(input).includes(text), text).toBe(true);
        expect(Buffer.from(result.bytes).includes(text), text).toBe(false);
      }
      await expectCleanOutput(TIFF, input, result);
    });
  });

  describe.runIf(hasExifTool)('metadata written by ExifTool', () => {
    const cases: readonly {
      readonly name: string;
      readonly args: readonly string[];
      readonly kind: Kind;
      readonly tag: string;
    }[] = [
      { name: 'camera make', args: ['-IFD0:Make=Acme'], kind: 'camera-model', tag: 'Make' },
      { name: 'camera model', args: ['-IFD0:Model=One'], kind: 'camera-model', tag: 'Model' },
      { name: 'artist', args: ['-IFD0:Artist=A. Person'], kind: 'owner', tag: 'Artist' },
      { name: 'copyright', args: ['-IFD0:Copyright=A. Person'], kind: 'owner', tag: 'Copyright' },
      { name: 'software', args: ['-IFD0:Software=Editor 1'], kind: 'software', tag: 'Software' },
      {
        name: 'host computer',
        args: ['-IFD0:HostComputer=desk'],
        kind: 'software',
        tag: 'HostComputer',
      },
      {
        name: 'modify date',
        args: ['-IFD0:ModifyDate=2021:02:03 04:05:06'],
        kind: 'datetime',
        tag: 'ModifyDate',
      },
      {
        name: 'description',
        args: ['-IFD0:ImageDescription=a scene'],
        kind: 'comment',
        tag: 'ImageDescription',
      },
      {
        name: 'document name',
        args: ['-IFD0:DocumentName=/home/someone/scan.tif'],
        kind: 'comment',
        tag: 'DocumentName',
      },
      { name: 'page name', args: ['-IFD0:PageName=front'], kind: 'comment', tag: 'PageName' },
      {
        name: 'GPS sub-IFD',
        args: ['-GPSLatitude=48.85', '-GPSLatitudeRef=N', '-GPSAltitude=35'],
        kind: 'gps',
        tag: 'GPSLatitude',
      },
      {
        name: 'Exif capture date',
        args: ['-ExifIFD:DateTimeOriginal=2021:02:03 04:05:06'],
        kind: 'datetime',
        tag: 'DateTimeOriginal',
      },
      {
        name: 'Exif serial number',
        args: ['-ExifIFD:SerialNumber=SN-0042'],
        kind: 'camera-serial',
        tag: 'SerialNumber',
      },
      {
        name: 'Exif user comment',
        args: ['-ExifIFD:UserComment=hello'],
        kind: 'comment',
        tag: 'UserComment',
      },
      { name: 'XMP packet', args: ['-XMP-dc:Title=Holiday'], kind: 'xmp', tag: 'Title' },
      { name: 'IPTC record', args: ['-IPTC:Keywords=holiday'], kind: 'iptc', tag: 'Keywords' },
      {
        name: 'Photoshop resources',
        args: ['-Photoshop:CopyrightFlag=true'],
        kind: 'iptc',
        tag: 'CopyrightFlag',
      },
    ];

    it.each(cases)('removes $name as $kind', async ({ args, kind, tag }) => {
      const input = await writeTiffMetadata(baseTiff, args);
      const inputTags = Object.keys(await readTiffTags(input));
      expect(inputTags.some((name) => name.endsWith(`:${tag}`))).toBe(true);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(true);
      expect(result.removed).toContain(kind);
      const outputTags = Object.keys(await readTiffTags(result.bytes));
      expect(outputTags.filter((name) => name.endsWith(`:${tag}`))).toEqual([]);
      await expectCleanOutput(TIFF, input, result);
    });

    it('leaves the dirty input to the second reader to reject', async () => {
      const input = await writeTiffMetadata(baseTiff, DIRTY_ARGS);
      const unstripped: StripResult = {
        format: 'tiff',
        bytes: input,
        removed: [],
        kept: [],
        changed: false,
      };

      expect(() => {
        verifyWithSecondReader(unstripped, DEFAULT_KEEP_POLICY);
      }).toThrow(expect.objectContaining({ code: 'E_VERIFY_READER' }));
    });
  });

  describe.runIf(hasExifTool)('keep policy', () => {
    it('keeps a rotating orientation', async () => {
      const input = await writeTiffMetadata(baseTiff, ['-Orientation#=6', ...DIRTY_ARGS]);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['orientation']);
      expect((await readTiffTags(result.bytes))['EXIF:IFD0:Orientation']).toBe(6);
      await expectCleanOutput(TIFF, input, result);
    });

    it('removes the orientation when the policy drops it', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, orientation: false };
      const input = await writeTiffMetadata(baseTiff, ['-Orientation#=6']);

      const result = stripTiff(input, policy);

      expect(result.removed).toEqual(['orientation']);
      expect(result.kept).toEqual([]);
      expect((await readTiffTags(result.bytes))['EXIF:IFD0:Orientation']).toBeUndefined();
      await expectCleanOutput(TIFF, input, result, policy);
    });

    it('keeps the ICC profile byte for byte', async () => {
      const input = await writeTiffMetadata(await createSharpTiff({ icc: 'p3' }), DIRTY_ARGS);
      const inputTags = await readTiffTags(input);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['icc-profile']);
      const outputTags = await readTiffTags(result.bytes);
      const profileTags = Object.keys(inputTags).filter((name) => name.startsWith('ICC_Profile:'));
      expect(profileTags).not.toEqual([]);
      for (const name of profileTags) {
        expect(outputTags[name], name).toEqual(inputTags[name]);
      }
      await expectCleanOutput(TIFF, input, result);
    });

    it('removes the ICC profile when the policy drops it', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
      const input = await createSharpTiff({ icc: 'p3' });

      const result = stripTiff(input, policy);

      expect(result.removed).toEqual(['icc-profile']);
      const outputTags = Object.keys(await readTiffTags(result.bytes));
      expect(outputTags.filter((name) => name.startsWith('ICC_Profile:'))).toEqual([]);
      await expectCleanOutput(TIFF, input, result, policy);
    });

    it('keeps the capture date in a minimal Exif IFD', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, captureDate: true };
      const input = await writeTiffMetadata(baseTiff, [
        '-ExifIFD:DateTimeOriginal=2021:02:03 04:05:06',
        '-ExifIFD:OffsetTimeOriginal=+02:00',
        '-ExifIFD:ExposureTime=0.01',
        '-IFD0:ModifyDate=2021:02:03 04:05:06',
      ]);

      const result = stripTiff(input, policy);

      expect(result.kept).toEqual(['capture-date']);
      expect(result.removed).toEqual(['datetime', 'exif-other']);
      const inputTags = await readTiffTags(input);
      const outputTags = await readTiffTags(result.bytes);
      const dateTags = ['EXIF:ExifIFD:DateTimeOriginal', 'EXIF:ExifIFD:OffsetTimeOriginal'];
      for (const name of dateTags) {
        expect(outputTags[name], name).toEqual(inputTags[name]);
      }
      expect(outputTags['EXIF:ExifIFD:ExposureTime']).toBeUndefined();
      expect(outputTags['EXIF:IFD0:ModifyDate']).toBeUndefined();
      await expectCleanOutput(TIFF, input, result, policy, dateTags);
    });

    it('keeps the copyright when the policy does', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, copyright: true };
      const input = await writeTiffMetadata(baseTiff, [
        '-IFD0:Copyright=A. Person',
        '-IFD0:Make=Acme',
      ]);

      const result = stripTiff(input, policy);

      expect(result.kept).toEqual(['copyright']);
      expect(result.removed).toEqual(['camera-model']);
      const inputTags = await readTiffTags(input);
      const outputTags = await readTiffTags(result.bytes);
      expect(outputTags['EXIF:IFD0:Copyright']).toEqual(inputTags['EXIF:IFD0:Copyright']);
      expect(outputTags['EXIF:IFD0:Make']).toBeUndefined();
      await expectCleanOutput(TIFF, input, result, policy, ['EXIF:IFD0:Copyright']);
    });

    it('replaces an Exif Adobe RGB marking with an Adobe RGB profile', async () => {
      const input = await writeTiffMetadata(baseTiff, ['-ExifIFD:ColorSpace#=2']);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.kept).toEqual(['icc-profile']);
      expect(result.removed).toEqual(['exif-other']);
      const outputTags = await readTiffTags(result.bytes);
      const description = Object.entries(outputTags).find(([name]) =>
        name.endsWith(':ProfileDescription'),
      );
      expect(description?.[1]).toBe('Adobe RGB (1998) compatible');
      expect(Buffer.from(result.bytes).includes(Buffer.from(buildAdobeRgbProfile()))).toBe(true);
      await expectCleanOutput(TIFF, input, result);
    });

    it('adds no profile when the policy drops colour profiles', async () => {
      const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
      const input = await writeTiffMetadata(baseTiff, ['-ExifIFD:ColorSpace#=2']);

      const result = stripTiff(input, policy);

      expect(result.kept).toEqual([]);
      expect(Buffer.from(result.bytes).includes(Buffer.from(buildAdobeRgbProfile()))).toBe(false);
      await expectCleanOutput(TIFF, input, result, policy);
    });
  });

  describe('structures built byte by byte', () => {
    it('cleans every page of a multi-page file', async () => {
      const extras: TestPage['entries'][] = [
        [{ tag: 305, type: TYPE.ascii, text: 'Editor 1.0' }],
        [{ tag: 271, type: TYPE.ascii, text: 'Acme' }],
        [{ tag: 315, type: TYPE.ascii, text: 'A. Person' }],
      ];
      const pages = await Promise.all(
        extras.map(async (extra, index) => {
          const page = await createRgbPage(index * 90);
          return { ...page, entries: [...page.entries, ...extra] };
        }),
      );
      const gps = [{ tag: 1, type: TYPE.ascii, text: 'N' }];
      const input = buildTiff(pages.map((page, index) => (index === 2 ? { ...page, gps } : page)));

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['gps', 'camera-model', 'owner', 'software']);
      await expectCleanOutput(TIFF, input, result);
    });

    it('leaves a Make on page 2 to the second reader to reject', async () => {
      const [first, second] = await Promise.all([createRgbPage(0), createRgbPage(99)]);
      const make = { tag: 271, type: TYPE.ascii, text: 'Acme' };
      const input = buildTiff([first, { ...second, entries: [...second.entries, make] }]);
      const unstripped: StripResult = {
        format: 'tiff',
        bytes: input,
        removed: [],
        kept: [],
        changed: false,
      };

      expect(() => {
        verifyWithSecondReader(unstripped, DEFAULT_KEEP_POLICY);
      }).toThrow(expect.objectContaining({ code: 'E_VERIFY_READER' }));
      expect(() => {
        verifyWithSecondReader(stripTiff(input, DEFAULT_KEEP_POLICY), DEFAULT_KEEP_POLICY);
      }).not.toThrow();
    });

    it('removes SubIFDs as thumbnails', async () => {
      const page = await createRgbPage(30);
      const preview = await createRgbPage(200, 6, 4);
      const input = buildTiff([{ ...page, subIfds: [preview] }]);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['thumbnail']);
      const previewLength = preview.strips[0]?.length ?? 0;
      expect(previewLength).toBeGreaterThan(0);
      expect(result.bytes.length).toBeLessThan(input.length - previewLength);
      await expectCleanOutput(TIFF, input, result);
    });

    it('keeps the byte order of a big-endian file', async () => {
      const page = await createRgbPage(60);
      const entries = [...page.entries, { tag: 271, type: TYPE.ascii, text: 'Acme' }];
      const input = buildTiff([{ ...page, entries }], { littleEndian: false });

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(Buffer.from(result.bytes.subarray(0, 4)).toString('latin1')).toBe('MM\0*');
      expect(result.removed).toEqual(['camera-model']);
      await expectCleanOutput(TIFF, input, result);
    });

    it('writes strips that share their bytes once', async () => {
      const half = Buffer.alloc(12 * 4 * 3, 0x5a);
      const entries = createRgbPageEntries(12, 8).map((entry) =>
        entry.tag === 278 ? { ...entry, values: [4] } : entry,
      );
      const shared = [
        ...entries,
        { tag: 273, type: TYPE.long, values: [8, 8] },
        { tag: 279, type: TYPE.long, values: [half.length, half.length] },
        { tag: 271, type: TYPE.ascii, text: 'Acme' },
      ];
      const input = buildTiff([{ entries: shared, strips: [] }], { prelude: half });

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.bytes.length).toBeLessThan(input.length);
      await expectCleanOutput(TIFF, input, result);
    });

    it('removes bytes that nothing references as an unknown block', async () => {
      const input = Buffer.concat([baseTiff, Buffer.from('left behind by an earlier edit')]);

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['unknown-block']);
      expect(result.bytes.length).toBeLessThanOrEqual(baseTiff.length);
      await expectCleanOutput(TIFF, input, result);
    });
  });

  describe('damaged and unsupported files', () => {
    function patchFirstIfd(
      tiff: Buffer,
      patch: (copy: Buffer, ifdOffset: number, entries: number) => void,
    ): Buffer {
      const copy = Buffer.from(tiff);
      const ifdOffset = copy.readUInt32LE(4);
      patch(copy, ifdOffset, copy.readUInt16LE(ifdOffset));
      return copy;
    }

    async function createPageWith(extra: TestPage['entries']): Promise<Buffer> {
      const page = await createRgbPage(10);
      return buildTiff([{ ...page, entries: [...page.entries, ...extra] }]);
    }

    it('rejects files cut short as truncated', () => {
      for (const length of [4, 7, 40, baseTiff.length - 4]) {
        expect(getStripErrorCode(stripTiff, baseTiff.subarray(0, length)), `${length} bytes`).toBe(
          'E_TRUNCATED',
        );
      }
    });

    it('rejects an IFD chain that loops', () => {
      const input = patchFirstIfd(baseTiff, (copy, ifd, entries) => {
        copy.writeUInt32LE(ifd, ifd + 2 + entries * 12);
      });
      expect(getStripErrorCode(stripTiff, input)).toBe('E_CORRUPT');
    });

    it('rejects an IFD offset inside the header', () => {
      const input = Buffer.from(baseTiff);
      input.writeUInt32LE(4, 4);
      expect(getStripErrorCode(stripTiff, input)).toBe('E_CORRUPT');
    });

    it('rejects a strip past the end of the file', async () => {
      const input = await createPageWith([]);
      const page = await createRgbPage(10);
      const tooLong = buildTiff([
        {
          entries: [
            ...page.entries,
            { tag: 273, type: TYPE.long, values: [8] },
            { tag: 279, type: TYPE.long, values: [input.length * 2] },
          ],
          strips: [],
        },
      ]);
      expect(getStripErrorCode(stripTiff, tooLong)).toBe('E_TRUNCATED');
    });

    it('rejects an absurd strip count without reading it', async () => {
      const input = await createPageWith([]);
      const absurd = patchFirstIfd(input, (copy, ifd, entries) => {
        for (let index = 0; index < entries; index += 1) {
          const entry = ifd + 2 + index * 12;
          if (copy.readUInt16LE(entry) === 273) {
            copy.writeUInt32LE(0x4000_0000, entry + 4);
          }
        }
      });
      expect(getStripErrorCode(stripTiff, absurd)).toBe('E_CORRUPT');
    });

    it('stops at a chain of too many pages', () => {
      const pageCount = 70_000;
      const input = Buffer.alloc(8 + pageCount * 18);
      input.write('II*\0', 0, 'latin1');
      input.writeUInt32LE(8, 4);
      for (let index = 0; index < pageCount; index += 1) {
        const offset = 8 + index * 18;
        input.writeUInt16LE(1, offset);
        input.writeUInt16LE(256, offset + 2);
        input.writeUInt16LE(TYPE.short, offset + 4);
        input.writeUInt32LE(1, offset + 6);
        input.writeUInt32LE(index + 1 < pageCount ? offset + 18 : 0, offset + 14);
      }
      expect(getStripErrorCode(stripTiff, input)).toBe('E_CORRUPT');
    });

    it('inspects an Exif IFD that every page shares once', () => {
      // Inspecting the Exif IFD once per page would read 120 million entries.
      const pageCount = 2_000;
      const exifEntryCount = 60_000;
      const pageEntries: readonly (readonly [number, number, number])[] = [
        [256, TYPE.short, 4], // ImageWidth
        [257, TYPE.short, 4], // ImageLength
        [258, TYPE.short, 8], // BitsPerSample
        [259, TYPE.short, 1], // Compression: none
        [262, TYPE.short, 1], // PhotometricInterpretation: black is zero
        [273, TYPE.long, 8], // StripOffsets: the 16 pixels right after the header
        [277, TYPE.short, 1], // SamplesPerPixel
        [278, TYPE.short, 4], // RowsPerStrip
        [279, TYPE.long, 16], // StripByteCounts
      ];
      const exifOffset = 8 + 16;
      const firstPage = exifOffset + 2 + exifEntryCount * 12 + 4;
      const pageSize = 2 + (pageEntries.length + 1) * 12 + 4;
      const input = Buffer.alloc(firstPage + pageCount * pageSize);
      input.write('II*\0', 0, 'latin1');
      input.writeUInt32LE(firstPage, 4);
      input.writeUInt16LE(exifEntryCount, exifOffset);
      for (let index = 0; index < exifEntryCount; index += 1) {
        const entry = exifOffset + 2 + index * 12;
        input.writeUInt16LE(0x829a, entry); // ExposureTime, with a zero count
        input.writeUInt16LE(TYPE.rational, entry + 2);
      }
      for (let page = 0; page < pageCount; page += 1) {
        const ifd = firstPage + page * pageSize;
        input.writeUInt16LE(pageEntries.length + 1, ifd);
        const entries = [...pageEntries, [34665, TYPE.long, exifOffset] as const];
        entries.forEach(([tag, type, value], index) => {
          const entry = ifd + 2 + index * 12;
          input.writeUInt16LE(tag, entry);
          input.writeUInt16LE(type, entry + 2);
          input.writeUInt32LE(1, entry + 4);
          if (type === TYPE.short) {
            input.writeUInt16LE(value, entry + 8);
          } else {
            input.writeUInt32LE(value, entry + 8);
          }
        });
        const next = page + 1 < pageCount ? ifd + pageSize : 0;
        input.writeUInt32LE(next, ifd + 2 + entries.length * 12);
      }

      const result = stripTiff(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['exif-other']);
      expect(() => {
        verifyClean(input, result, DEFAULT_KEEP_POLICY);
      }).not.toThrow();
    });

    it.each([
      ['both strips and tiles', [{ tag: 324, type: TYPE.long, values: [8] }]],
      ['a doubled ImageWidth', [{ tag: 256, type: TYPE.long, values: [12] }]],
    ] as const)('rejects a page with %s as corrupt', async (_name, extra) => {
      expect(getStripErrorCode(stripTiff, await createPageWith(extra))).toBe('E_CORRUPT');
    });

    it('rejects a page without image data as corrupt', () => {
      const input = buildTiff([{ entries: createRgbPageEntries(4, 4), strips: [] }]);
      expect(getStripErrorCode(stripTiff, input)).toBe('E_CORRUPT');
    });

    it('rejects old-style JPEG compression as unsupported', async () => {
      const page = await createRgbPage(10);
      const entries = page.entries.map((entry) =>
        entry.tag === 259 ? { ...entry, values: [6] } : entry,
      );
      expect(getStripErrorCode(stripTiff, buildTiff([{ ...page, entries }]))).toBe(
        'E_UNSUPPORTED_FORMAT',
      );
    });

    it('rejects BigTIFF as unsupported', () => {
      const bigTiff = Buffer.from([0x49, 0x49, 0x2b, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]);
      expect(getStripErrorCode(stripTiff, bigTiff)).toBe('E_UNSUPPORTED_FORMAT');
    });

    it('rejects a DNG as unsupported, naming it', async () => {
      const input = await createPageWith([
        { tag: 50706, type: TYPE.byte, bytes: Uint8Array.of(1, 4, 0, 0) },
      ]);
      expect(() => stripTiff(input, DEFAULT_KEEP_POLICY)).toThrow(/DNG/);
      expect(getStripErrorCode(stripTiff, input)).toBe('E_UNSUPPORTED_FORMAT');
    });
  });
});
