import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import type { Kind } from '../../../src/shared/kinds.js';
import { MAX_JPEG_SEGMENTS } from '../../../src/strip/jpeg/jpeg-marker-cursor.js';
import { readJpegSegments } from '../../../src/strip/jpeg/read-jpeg-segments.js';
import { stripJpeg } from '../../../src/strip/jpeg/strip-jpeg.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../../src/strip/keep-policy.js';
import type { StripResult } from '../../../src/strip/strip-result.js';
import { verifyJpegStructure } from '../../../src/verify/verify-jpeg-structure.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import {
  appendTrailer,
  createAdobeSegment,
  createIccChunk,
  createJfifSegment,
  createJfxxSegment,
  createJpeg,
  createJumbfSegment,
  createMp4,
  createMpfSegment,
  createSegment,
  insertAfterSoi,
  insertBeforeScan,
  writeWithExifTool,
  type FixtureTags,
} from './jpeg-fixtures.js';

const canRun = isExifToolAvailable();

let dir = '';
let base: Buffer = Buffer.alloc(0);
let thumbnailPath = '';
let fileCounter = 0;

beforeAll(async () => {
  dir = await createTempDir();
  base = await createJpeg();
  thumbnailPath = path.join(dir, 'thumbnail.jpg');
  await writeFile(thumbnailPath, await createJpeg({ width: 16, height: 12 }));
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** What ExifTool and sharp see in a cleaned file. */
interface Judged {
  readonly result: StripResult;
  readonly tags: Record<string, unknown>;
  readonly samePixels: boolean;
}

/** Cleans `input`, runs the structure check, and judges the output with ExifTool and sharp. */
async function cleanAndJudge(input: Uint8Array, policy: KeepPolicy): Promise<Judged> {
  const result = stripJpeg(input, policy);
  verifyJpegStructure(input, result.bytes, policy);
  fileCounter += 1;
  const outputPath = path.join(dir, `cleaned-${fileCounter}.jpg`);
  await writeFile(outputPath, result.bytes);
  const [tags, before, after] = await Promise.all([
    readAllTags(outputPath),
    decodePixels(input),
    decodePixels(result.bytes),
  ]);
  const sameSize = before.width === after.width && before.height === after.height;
  return { result, tags, samePixels: sameSize && before.data.equals(after.data) };
}

async function readTagsOf(bytes: Uint8Array): Promise<Record<string, unknown>> {
  fileCounter += 1;
  const filePath = path.join(dir, `input-${fileCounter}.jpg`);
  await writeFile(filePath, bytes);
  return readAllTags(filePath);
}

function hasTagStartingWith(tags: Record<string, unknown>, prefix: string): boolean {
  return Object.keys(tags).some((name) => name.startsWith(prefix));
}

function captureErrorCode(action: () => unknown): string | null {
  try {
    action();
  } catch (error) {
    return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
  }
  return null;
}

function countOccurrences(bytes: Uint8Array, text: string): number {
  const haystack = Buffer.from(bytes);
  const needle = Buffer.from(text, 'latin1');
  let count = 0;
  for (
    let index = haystack.indexOf(needle);
    index !== -1;
    index = haystack.indexOf(needle, index + 1)
  ) {
    count += 1;
  }
  return count;
}

/** One metadata kind: how to make a file that contains it, and the ExifTool tag that proves it. */
interface KindCase {
  readonly title: string;
  readonly kind: Kind;
  /** A tag name prefix ExifTool must find in the input, or null when ExifTool cannot see it. */
  readonly evidence: string | null;
  readonly build: (jpeg: Buffer) => Promise<Buffer>;
}

function withTags(
  tags: FixtureTags,
  args: readonly string[] = [],
): (jpeg: Buffer) => Promise<Buffer> {
  return async (jpeg) => {
    fileCounter += 1;
    const written = await writeWithExifTool(dir, `fixture-${fileCounter}.jpg`, jpeg, tags, args);
    return written.bytes;
  };
}

const KIND_CASES: readonly KindCase[] = [
  {
    title: 'GPS IFD',
    kind: 'gps',
    evidence: 'EXIF:GPS:GPSLatitude',
    build: withTags({
      'EXIF:GPSLatitude': 48.1,
      'EXIF:GPSLatitudeRef': 'N',
      'EXIF:GPSLongitude': 11.5,
      'EXIF:GPSLongitudeRef': 'E',
    }),
  },
  {
    title: 'body and lens serials',
    kind: 'camera-serial',
    evidence: 'EXIF:ExifIFD:SerialNumber',
    build: withTags({
      SerialNumber: 'FAKE-0001',
      LensSerialNumber: 'FAKE-0002',
      ImageUniqueID: 'ab12',
    }),
  },
  {
    title: 'make, model and lens',
    kind: 'camera-model',
    evidence: 'EXIF:IFD0:Make',
    build: withTags({ 'EXIF:Make': 'Acme', 'EXIF:Model': 'One', LensModel: 'Acme 50mm' }),
  },
  {
    title: 'artist, copyright and owner name',
    kind: 'owner',
    evidence: 'EXIF:IFD0:Artist',
    build: withTags({ 'EXIF:Artist': 'A. Person', 'EXIF:Copyright': 'A. Person', OwnerName: 'A.' }),
  },
  {
    title: 'capture and modify dates',
    kind: 'datetime',
    evidence: 'EXIF:ExifIFD:DateTimeOriginal',
    build: withTags({
      'EXIF:DateTimeOriginal': '2021:02:03 04:05:06',
      'EXIF:ModifyDate': '2021:02:03 04:05:07',
      SubSecTimeOriginal: '12',
      OffsetTimeOriginal: '+01:00',
    }),
  },
  {
    title: 'software and host computer',
    kind: 'software',
    evidence: 'EXIF:IFD0:Software',
    build: withTags({ 'EXIF:Software': 'Editor 1.0', HostComputer: 'laptop' }),
  },
  {
    title: 'EXIF comments',
    kind: 'comment',
    evidence: 'EXIF:ExifIFD:UserComment',
    build: withTags({ UserComment: 'note', 'EXIF:ImageDescription': 'a caption', XPComment: 'x' }),
  },
  {
    title: 'COM segment',
    kind: 'comment',
    evidence: 'File:Comment',
    build: withTags({ Comment: 'a comment' }),
  },
  {
    title: 'EXIF IFD1 thumbnail',
    kind: 'thumbnail',
    evidence: 'EXIF:IFD1:ThumbnailImage',
    build: (jpeg) => withTags({}, [`-ThumbnailImage<=${thumbnailPath}`])(jpeg),
  },
  {
    title: 'other EXIF tags',
    kind: 'exif-other',
    evidence: 'EXIF:ExifIFD:ExposureTime',
    build: withTags({ ExposureTime: 0.01, FNumber: 2.8 }),
  },
  {
    title: 'XMP packet',
    kind: 'xmp',
    evidence: 'XMP:XMP-dc:Creator',
    build: withTags({ 'XMP-dc:Creator': 'A. Person' }),
  },
  {
    title: 'Extended XMP',
    kind: 'xmp',
    evidence: 'XMP:XMP-dc:Description',
    build: withTags({ 'XMP-dc:Description': 'x'.repeat(70_000) }),
  },
  {
    title: 'IPTC in APP13',
    kind: 'iptc',
    evidence: 'IPTC:By-line',
    build: withTags({ 'IPTC:By-line': 'A. Person', 'IPTC:Keywords': ['one', 'two'] }),
  },
  {
    title: 'Motion Photo XMP and MP4 trailer',
    kind: 'motion-photo',
    evidence: 'XMP:XMP-GCamera:MotionPhoto',
    build: async (jpeg) => {
      const withXmp = await withTags({
        'XMP-GCamera:MotionPhoto': 1,
        'XMP-GCamera:MotionPhotoVersion': 1,
      })(jpeg);
      return appendTrailer(withXmp, createMp4());
    },
  },
  {
    title: 'MP4 trailer without XMP',
    kind: 'motion-photo',
    evidence: null,
    build: async (jpeg) => Promise.resolve(appendTrailer(jpeg, createMp4())),
  },
  {
    title: 'GDepth XMP',
    kind: 'depth-map',
    evidence: 'XMP:XMP-GDepth:Format',
    build: withTags({
      'XMP-GDepth:Format': 'RangeInverse',
      'XMP-GDepth:Near': 1,
      'XMP-GDepth:Far': 9,
    }),
  },
  {
    title: 'bytes after EOI',
    kind: 'trailer',
    evidence: null,
    build: async (jpeg) => Promise.resolve(appendTrailer(jpeg, Buffer.from('vendor trailer data'))),
  },
  {
    title: 'vendor APP5 segment',
    kind: 'unknown-block',
    evidence: null,
    build: async (jpeg) =>
      Promise.resolve(insertAfterSoi(jpeg, createSegment(0xe5, 'Vendor\0data'))),
  },
  {
    title: 'FlashPix APP2 segment',
    kind: 'unknown-block',
    evidence: null,
    build: async (jpeg) =>
      Promise.resolve(insertAfterSoi(jpeg, createSegment(0xe2, 'FPXR\0\0\x01\x00\x00\x00'))),
  },
  {
    title: 'C2PA JUMBF in APP11',
    kind: 'c2pa',
    evidence: null,
    build: async (jpeg) => Promise.resolve(insertAfterSoi(jpeg, createJumbfSegment())),
  },
  {
    title: 'JFIF thumbnail',
    kind: 'thumbnail',
    evidence: null,
    build: async (jpeg) => Promise.resolve(insertAfterSoi(jpeg, createJfifSegment(4, 3))),
  },
  {
    title: 'JFXX thumbnail',
    kind: 'thumbnail',
    evidence: null,
    build: async (jpeg) => {
      const thumbnail = await createJpeg({ width: 8, height: 8 });
      return insertAfterSoi(jpeg, createJfifSegment(), createJfxxSegment(thumbnail));
    },
  },
];

describe.runIf(canRun)('stripJpeg removes each kind', () => {
  describe.each([
    ['without orientation', null],
    ['with orientation 6', 6],
  ] as const)('%s', (_title, orientation) => {
    it.each(KIND_CASES.map((kindCase) => [kindCase.title, kindCase] as const))(
      '%s',
      async (_caseTitle, kindCase) => {
        const oriented =
          orientation === null ? base : await withTags({ Orientation: orientation })(base);
        const input = await kindCase.build(oriented);
        if (kindCase.evidence !== null) {
          expect(hasTagStartingWith(await readTagsOf(input), kindCase.evidence)).toBe(true);
        }

        const { result, tags, samePixels } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

        expect(result.changed).toBe(true);
        expect(result.removed).toContain(kindCase.kind);
        expect(listIdentifyingTags(tags)).toEqual([]);
        expect(tags['EXIF:IFD0:Orientation']).toBe(orientation ?? undefined);
        expect(result.kept.includes('orientation')).toBe(orientation !== null);
        expect(samePixels).toBe(true);
        const again = stripJpeg(result.bytes, DEFAULT_KEEP_POLICY);
        expect(again.changed).toBe(false);
        expect(again.bytes).toBe(result.bytes);
      },
    );
  });
});

describe.runIf(canRun)('stripJpeg keeps orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i', async (orientation) => {
    const input = await withTags({ Orientation: orientation, 'EXIF:Make': 'Acme' })(base);

    const { result, tags, samePixels } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    const expected = orientation === 1 ? undefined : orientation;
    expect(tags['EXIF:IFD0:Orientation']).toBe(expected);
    expect(result.kept.includes('orientation')).toBe(orientation !== 1);
    expect(hasTagStartingWith(tags, 'EXIF:')).toBe(orientation !== 1);
    expect(listIdentifyingTags(tags)).toEqual([]);
    expect(samePixels).toBe(true);
  });

  it('writes the EXIF segment right after JFIF', async () => {
    const input = await withTags({ Orientation: 8 })(insertAfterSoi(base, createJfifSegment()));

    const { result } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    const markers = readJpegSegments(result.bytes).segments.map((segment) => segment.marker);
    expect(markers.slice(0, 2)).toEqual([0xe0, 0xe1]);
  });

  it('writes the EXIF segment right after SOI without JFIF', async () => {
    const input = await withTags({ Orientation: 3, 'XMP-dc:Creator': 'A' })(base);

    const { result } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    expect(readJpegSegments(result.bytes).segments[0]?.marker).toBe(0xe1);
  });

  it('removes orientation when the policy drops it', async () => {
    const input = await withTags({ Orientation: 6 })(base);
    const policy = { ...DEFAULT_KEEP_POLICY, orientation: false };

    const { result, tags } = await cleanAndJudge(input, policy);

    expect(result.removed).toContain('orientation');
    expect(result.kept).not.toContain('orientation');
    expect(hasTagStartingWith(tags, 'EXIF:')).toBe(false);
  });
});

describe.runIf(canRun)('stripJpeg keep policy', () => {
  it('keeps the capture date and offset when asked', async () => {
    const input = await withTags({
      'EXIF:DateTimeOriginal': '2021:02:03 04:05:06',
      OffsetTimeOriginal: '+02:00',
      'EXIF:ModifyDate': '2022:01:01 00:00:00',
      'EXIF:GPSLatitude': 1,
      'EXIF:GPSLatitudeRef': 'N',
    })(base);
    const policy = { ...DEFAULT_KEEP_POLICY, captureDate: true };

    const { result, tags } = await cleanAndJudge(input, policy);

    expect(result.kept).toContain('capture-date');
    expect(result.removed).toContain('datetime');
    expect(result.removed).toContain('gps');
    expect(tags['EXIF:ExifIFD:DateTimeOriginal']).toBe('2021:02:03 04:05:06');
    expect(tags['EXIF:ExifIFD:OffsetTimeOriginal']).toBe('+02:00');
    expect(tags['EXIF:IFD0:ModifyDate']).toBeUndefined();
    const allowed = ['EXIF:ExifIFD:DateTimeOriginal', 'EXIF:ExifIFD:OffsetTimeOriginal'];
    expect(listIdentifyingTags(tags).filter((name) => !allowed.includes(name))).toEqual([]);
  });

  it('removes the capture date by default', async () => {
    const input = await withTags({ 'EXIF:DateTimeOriginal': '2021:02:03 04:05:06' })(base);

    const { result, tags } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toContain('datetime');
    expect(result.kept).not.toContain('capture-date');
    expect(tags['EXIF:ExifIFD:DateTimeOriginal']).toBeUndefined();
  });

  it('keeps the copyright when asked', async () => {
    const input = await withTags({ 'EXIF:Copyright': '(c) A. Person', 'EXIF:Artist': 'A.' })(base);
    const policy = { ...DEFAULT_KEEP_POLICY, copyright: true };

    const { result, tags } = await cleanAndJudge(input, policy);

    expect(result.kept).toContain('copyright');
    expect(result.removed).toContain('owner');
    expect(tags['EXIF:IFD0:Copyright']).toBe('(c) A. Person');
    expect(tags['EXIF:IFD0:Artist']).toBeUndefined();
    const identifying = listIdentifyingTags(tags);
    expect(identifying.filter((name) => name !== 'EXIF:IFD0:Copyright')).toEqual([]);
  });

  it('keeps a profile split over several APP2 chunks', async () => {
    const profile = await createLargeProfile();
    const profilePath = path.join(dir, 'large.icc');
    await writeFile(profilePath, profile);
    const input = await withTags({ 'EXIF:Make': 'Acme' }, [`-ICC_Profile<=${profilePath}`])(base);
    expect(countOccurrences(input, 'ICC_PROFILE\0')).toBeGreaterThan(1);

    const { result, tags, samePixels } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).toContain('icc-profile');
    expect(countOccurrences(result.bytes, 'ICC_PROFILE\0')).toBe(
      countOccurrences(input, 'ICC_PROFILE\0'),
    );
    expect(hasTagStartingWith(tags, 'ICC_Profile:')).toBe(true);
    expect(samePixels).toBe(true);
  });

  it('removes the profile when colour is not kept', async () => {
    const input = await sharp(base).withIccProfile('p3').jpeg().toBuffer();
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };

    const { result, tags } = await cleanAndJudge(input, policy);

    expect(result.removed).toContain('icc-profile');
    expect(hasTagStartingWith(tags, 'ICC_Profile:')).toBe(false);
  });

  it('replaces an EXIF Adobe RGB marking with a profile', async () => {
    const input = await withTags({ ColorSpace: 0xffff, InteropIndex: 'R03' })(base);

    const { result, tags } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).toContain('icc-profile');
    expect(result.removed).toContain('exif-other');
    expect(tags['ICC_Profile:ProfileDescription']).toBe('Adobe RGB (1998) compatible');
    expect(hasTagStartingWith(tags, 'EXIF:')).toBe(false);
    expect(stripJpeg(result.bytes, DEFAULT_KEEP_POLICY).changed).toBe(false);
  });

  it('adds no profile when colour is not kept', async () => {
    const input = await withTags({ ColorSpace: 0xffff, InteropIndex: 'R03' })(base);
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };

    const { result, tags } = await cleanAndJudge(input, policy);

    expect(result.kept).not.toContain('icc-profile');
    expect(hasTagStartingWith(tags, 'ICC_Profile:')).toBe(false);
  });

  it('adds no profile for an sRGB marking', async () => {
    const input = await withTags({ ColorSpace: 1, InteropIndex: 'R98' })(base);

    const { result, tags } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).not.toContain('icc-profile');
    expect(hasTagStartingWith(tags, 'ICC_Profile:')).toBe(false);
  });

  it('keeps content credentials when nothing else goes', () => {
    const input = insertAfterSoi(base, createJumbfSegment());
    const policy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };

    const result = stripJpeg(input, policy);

    expect(result.bytes).toBe(input);
    expect(result.kept).toContain('content-credentials');
    expect(() => {
      verifyJpegStructure(input, result.bytes, policy);
    }).not.toThrow();
  });

  it('removes content credentials along with other metadata', () => {
    const input = insertAfterSoi(base, createJumbfSegment(), createSegment(0xfe, 'comment'));
    const policy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };

    const result = stripJpeg(input, policy);

    expect(result.removed).toEqual(['comment', 'c2pa']);
    expect(countOccurrences(result.bytes, 'jumb')).toBe(0);
  });
});

/** Returns sharp's P3 profile padded past one APP2 segment, with its size field updated. */
async function createLargeProfile(): Promise<Buffer> {
  const withProfile = await sharp(base).withIccProfile('p3').jpeg().toBuffer();
  const { icc } = await sharp(withProfile).metadata();
  if (icc === undefined) {
    throw new Error('sharp wrote no ICC profile');
  }
  const profile = Buffer.concat([icc, Buffer.alloc(150_000 - icc.length)]);
  profile.writeUInt32BE(profile.length, 0);
  return profile;
}

describe('stripJpeg structure', () => {
  it('returns a clean file unchanged', async () => {
    const input = insertAfterSoi(await createJpeg(), createJfifSegment());

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.bytes).toBe(input);
    expect(result.changed).toBe(false);
    expect(result.removed).toEqual([]);
  });

  it('keeps fill bytes of an otherwise clean file', () => {
    const input = Buffer.concat([base.subarray(0, 2), Buffer.from([0xff, 0xff]), base.subarray(2)]);

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.bytes).toBe(input);
  });

  it('cleans a file with fill bytes', async () => {
    const withComment = insertAfterSoi(base, createSegment(0xfe, 'comment'));
    const input = Buffer.concat([
      withComment.subarray(0, 2),
      Buffer.from([0xff, 0xff, 0xff]),
      withComment.subarray(2),
    ]);

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['comment']);
    expect(Buffer.from(result.bytes).equals(base)).toBe(true);
    expect((await decodePixels(result.bytes)).data.equals((await decodePixels(input)).data)).toBe(
      true,
    );
  });

  it('drops segments between progressive scans', async () => {
    const progressive = await createJpeg({ progressive: true });
    const scans = readJpegSegments(progressive).segments.filter(
      (segment) => segment.marker === 0xda,
    );
    const secondScan = scans[1]?.offset ?? 0;
    expect(secondScan).toBeGreaterThan(0);
    const input = Buffer.concat([
      progressive.subarray(0, secondScan),
      createSegment(0xfe, 'between scans'),
      createSegment(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>'),
      progressive.subarray(secondScan),
    ]);

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['xmp', 'comment']);
    expect(Buffer.from(result.bytes).equals(progressive)).toBe(true);
  });

  it('drops every EXIF segment after the first', () => {
    const exif = (orientation: number): Buffer => {
      const header = '4d4d002a00000008';
      const entry = '011200030000000100000000'; // Orientation, SHORT, 1 value
      const tiff = Buffer.from(`${header}0001${entry}00000000`, 'hex');
      tiff.writeUInt16BE(orientation, 18);
      return createSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
    };
    const input = insertAfterSoi(base, exif(6), exif(3));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).toEqual(['orientation']);
    expect(result.removed).toEqual(['exif-other']);
    expect(countOccurrences(result.bytes, 'Exif\0\0')).toBe(1);
  });

  it('drops an MPF index whose image lies outside the file', () => {
    const input = insertAfterSoi(base, createMpfSegment(base.length, 100));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(Buffer.from(result.bytes).includes('MPF\0')).toBe(false);
  });

  it('rejects a JPEG without image data', () => {
    const noScan = Buffer.from([0xff, 0xd8, ...createSegment(0xfe, 'only a comment'), 0xff, 0xd9]);
    const empty = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const segments = readJpegSegments(base).segments;
    const sosOffset = segments.find((segment) => segment.marker === 0xda)?.offset ?? 0;
    const sofOffset = segments.find((segment) => segment.marker === 0xc0)?.offset ?? 0;
    const sofLength = 2 + base.readUInt16BE(sofOffset + 2);
    const withoutFrame = Buffer.concat([
      base.subarray(0, sofOffset),
      base.subarray(sofOffset + sofLength),
    ]);
    expect(sosOffset).toBeGreaterThan(sofOffset);

    expect(captureErrorCode(() => stripJpeg(noScan, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
    expect(captureErrorCode(() => stripJpeg(empty, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
    expect(captureErrorCode(() => stripJpeg(withoutFrame, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
  });

  it('rejects truncated files', () => {
    const withExif = insertAfterSoi(base, createSegment(0xe1, 'Exif\0\0MM\0*'));

    for (const length of [3, 10, 20, withExif.length - 200, withExif.length - 1]) {
      const code = captureErrorCode(() =>
        stripJpeg(withExif.subarray(0, length), DEFAULT_KEEP_POLICY),
      );
      expect(code, `cut at ${length}`).toBe('E_TRUNCATED');
    }
  });

  it('rejects garbage where a marker belongs', () => {
    const input = insertAfterSoi(base, createSegment(0xfe, 'c'), Buffer.from('junk'));

    expect(captureErrorCode(() => stripJpeg(input, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
  });

  it('rejects JPEG extension segments', () => {
    const input = insertAfterSoi(base, createSegment(0xf0, 'extension'));

    expect(captureErrorCode(() => stripJpeg(input, DEFAULT_KEEP_POLICY))).toBe(
      'E_UNSUPPORTED_FORMAT',
    );
  });
});

/** Text that stands for personal data hidden where a cleaner might copy it unread. */
const SECRET = 'GPSLatitude=48.8584;Owner=Jane Doe;Serial=SN123456';

describe('stripJpeg on hostile structure', () => {
  let profile: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    const { icc } = await sharp(
      await sharp(base).withIccProfile('p3').jpeg().toBuffer(),
    ).metadata();
    if (icc === undefined) {
      throw new Error('sharp wrote no ICC profile');
    }
    profile = icc;
  });

  it('rejects a file of tiny segments as corrupt', () => {
    const emptyComment = Buffer.from([0xff, 0xfe, 0x00, 0x02]);
    const input = insertAfterSoi(base, Buffer.alloc(4 * (MAX_JPEG_SEGMENTS + 1), emptyComment));

    expect(captureErrorCode(() => stripJpeg(input, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
  });

  it('cuts an Adobe segment to its 12-byte header', async () => {
    const rgb = Buffer.alloc(32 * 16 * 3);
    for (let index = 0; index < rgb.length; index += 1) {
      rgb[index] = (index * 37) & 0xff;
    }
    const cmyk = await sharp(rgb, { raw: { width: 32, height: 16, channels: 3 } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    const adobe = findSegment(cmyk, 0xee);
    expect(adobe.length).toBe(16);
    // Transform 2 (YCCK) rather than libjpeg's 0 (CMYK): a 4-component JPEG without an Adobe
    // segment decodes as CMYK, so only a kept transform 2 decodes the same as the input.
    const header = Buffer.from(adobe.subarray(4));
    header[11] = 2;
    const longAdobe = createSegment(0xee, Buffer.concat([header, Buffer.from(SECRET)]));
    const input = Buffer.concat([cmyk.subarray(0, 2), longAdobe, cmyk.subarray(2 + 16)]);

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(findSegment(Buffer.from(result.bytes), 0xee)).toEqual(createSegment(0xee, header));
    expect(countOccurrences(result.bytes, SECRET)).toBe(0);
    const [before, after, withoutAdobe] = await Promise.all([
      decodePixels(input),
      decodePixels(result.bytes),
      decodePixels(Buffer.concat([cmyk.subarray(0, 2), cmyk.subarray(2 + 16)])),
    ]);
    expect(after.data.equals(before.data)).toBe(true);
    expect(withoutAdobe.data.equals(before.data)).toBe(false);
  });

  it('drops an Adobe segment shorter than its header', () => {
    const input = insertAfterSoi(base, createSegment(0xee, 'Adobe\0d'));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(Buffer.from(result.bytes).equals(base)).toBe(true);
  });

  it('drops an Adobe segment after the first scan', () => {
    const input = insertBeforeScan(base, 1, createAdobeSegment(1));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(Buffer.from(result.bytes).equals(base)).toBe(true);
  });

  it('keeps a whole ICC profile in one chunk', () => {
    const input = insertAfterSoi(base, createIccChunk(1, 1, profile), createSegment(0xfe, 'c'));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).toEqual(['icc-profile']);
    expect(result.removed).toEqual(['comment']);
  });

  it.each([
    ['a payload that is no ICC profile', () => [createIccChunk(1, 1, Buffer.from(SECRET))]],
    ['a profile without the acsp signature', () => [createIccChunk(1, 1, withoutSignature())]],
    ['two chunks numbered 1', () => splitProfile([1, 1], 2)],
    ['a missing chunk', () => splitProfile([1], 2)],
    ['chunk counts that disagree', () => [...splitProfile([1], 2), ...splitProfile([2], 3)]],
    ['chunk number 0', () => splitProfile([0, 1], 2)],
    ['a header without chunk numbers', () => [createSegment(0xe2, 'ICC_PROFILE\0')]],
  ])('drops ICC chunks with %s', (_title, createChunks) => {
    const input = insertAfterSoi(base, ...createChunks());

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(result.kept).toEqual([]);
    expect(Buffer.from(result.bytes).equals(base)).toBe(true);
  });

  it('drops ICC chunks after the first scan', () => {
    const input = insertBeforeScan(base, 1, createIccChunk(1, 1, profile));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(result.kept).toEqual([]);
  });

  it('rejects an ICC profile whose size field differs from its length', () => {
    const slack = createIccChunk(1, 1, Buffer.concat([profile, Buffer.from(SECRET)]));
    const cut = createIccChunk(1, 1, profile.subarray(0, profile.length - 4));

    for (const chunk of [slack, cut]) {
      const input = insertAfterSoi(base, chunk);
      expect(captureErrorCode(() => stripJpeg(input, DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
    }
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
    expect(stripJpeg(insertAfterSoi(base, slack), policy).removed).toEqual(['icc-profile']);
  });

  it('drops a DNL segment before the first scan', () => {
    const input = insertBeforeScan(base, 0, createSegment(0xdc, Buffer.from([0, 64])));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(Buffer.from(result.bytes).equals(base)).toBe(true);
  });

  it('drops a DNL segment where the frame states its height', () => {
    const input = insertBeforeScan(base, 1, createSegment(0xdc, Buffer.from([0, 64])));

    const result = stripJpeg(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toEqual(['unknown-block']);
    expect(Buffer.from(result.bytes).equals(base)).toBe(true);
  });

  it.each([
    [
      'a DNL segment with extra bytes',
      () => insertBeforeScan(base, 0, createSegment(0xdc, SECRET)),
    ],
    ['a frame header with extra bytes', () => growSegment(0xc0, SECRET)],
    ['a scan header with extra bytes', () => growSegment(0xda, 'x')],
    ['a quantisation table with extra bytes', () => growSegment(0xdb, SECRET)],
    ['a Huffman table with extra bytes', () => growSegment(0xc4, SECRET)],
    [
      'a restart interval with extra bytes',
      () => insertAfterSoi(base, createSegment(0xdd, SECRET)),
    ],
    ['a second frame header', () => insertBeforeScan(base, 0, findSegment(base, 0xc0))],
  ])('rejects %s as corrupt', (_title, createInput) => {
    expect(captureErrorCode(() => stripJpeg(createInput(), DEFAULT_KEEP_POLICY))).toBe('E_CORRUPT');
  });

  it.each([
    ['an EXP segment', createSegment(0xdf, Buffer.of(0x11))],
    ['a DHP segment', createSegment(0xde, Buffer.from([8, 0, 64, 0, 96, 1, 1, 0x11, 0]))],
  ])('rejects %s as a hierarchical JPEG', (_title, segment) => {
    const input = insertAfterSoi(base, segment);

    expect(captureErrorCode(() => stripJpeg(input, DEFAULT_KEEP_POLICY))).toBe(
      'E_UNSUPPORTED_FORMAT',
    );
  });

  /** Returns `profile` with its `acsp` signature at byte 36 overwritten. */
  function withoutSignature(): Buffer {
    const copy = Buffer.from(profile);
    copy.write('xxxx', 36, 'latin1');
    return copy;
  }

  /** Splits `profile` into two halves and numbers them with `sequences`, each of `count`. */
  function splitProfile(sequences: readonly number[], count: number): Buffer[] {
    const half = Math.ceil(profile.length / 2);
    return sequences.map((sequence, index) =>
      createIccChunk(sequence, count, profile.subarray(index * half, (index + 1) * half)),
    );
  }
});

/** Returns the first segment of `jpeg` with `marker`, marker and length included. */
function findSegment(jpeg: Buffer, marker: number): Buffer {
  const segment = readJpegSegments(jpeg).segments.find((candidate) => candidate.marker === marker);
  if (segment === undefined) {
    throw new Error(`no segment with marker ${marker}`);
  }
  return Buffer.from(segment.bytes);
}

/** Returns `base` with `extra` appended to the payload of its first segment with `marker`. */
function growSegment(marker: number, extra: string): Buffer {
  const segment = readJpegSegments(base).segments.find((candidate) => candidate.marker === marker);
  if (segment === undefined) {
    throw new Error(`no segment with marker ${marker}`);
  }
  const grown = createSegment(marker, Buffer.concat([segment.payload, Buffer.from(extra)]));
  const end = segment.offset + segment.bytes.length;
  return Buffer.concat([base.subarray(0, segment.offset), grown, base.subarray(end)]);
}

describe.runIf(canRun)('stripJpeg EXIF after the first scan', () => {
  it.each([
    ['after the only scan', false],
    ['between progressive scans', true],
  ])('ignores its orientation %s', async (_title, progressive) => {
    const image = await createJpeg({ progressive });
    const tagged = await withTags({ Orientation: 6, 'EXIF:Make': 'Acme' })(image);
    const exif = findSegment(tagged, 0xe1);
    const input = insertBeforeScan(image, 1, exif);
    expect((await sharp(input).metadata()).orientation).toBeUndefined();

    const { result, tags, samePixels } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    expect(result.removed).toContain('camera-model');
    expect(result.removed).toContain('orientation');
    expect(result.kept).toEqual([]);
    expect(tags['EXIF:IFD0:Orientation']).toBeUndefined();
    expect((await sharp(result.bytes).metadata()).orientation).toBeUndefined();
    expect(samePixels).toBe(true);
  });

  it('takes orientation from the EXIF before the first scan', async () => {
    const early = await withTags({ Orientation: 3 })(base);
    const late = findSegment(await withTags({ Orientation: 6 })(base), 0xe1);
    const input = insertBeforeScan(early, 1, late);

    const { result, tags } = await cleanAndJudge(input, DEFAULT_KEEP_POLICY);

    expect(result.kept).toEqual(['orientation']);
    expect(tags['EXIF:IFD0:Orientation']).toBe(3);
  });
});
