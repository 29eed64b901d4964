import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { stripWebp } from '../../src/strip/webp/strip-webp.js';
import { verifyWebpStructure } from '../../src/verify/verify-webp-structure.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { orientationTiff } from '../helpers/png-chunks.js';
import { resetPngFixtureDir } from '../helpers/png-fixtures.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import {
  createAnimatedWebp,
  createWebp,
  encodeChunk,
  extendSimpleWebp,
  findChunks,
  FLAG,
  joinChunks,
  splitChunks,
  vp8xChunk,
  writeWebpMetadata,
  type RiffChunk,
} from '../strip/webp/webp-fixtures.js';

const hasExifTool = isExifToolAvailable();
const SIZE = { width: 24, height: 16 } as const;

/** An input with EXIF (GPS and orientation 6) and XMP, and its cleaned output. */
let dirty: Buffer;
let cleaned: Uint8Array;
/** An animated input and its (unchanged) output. */
let animated: Buffer;
let lossy: Buffer;
let withProfile: Buffer;

beforeAll(async () => {
  lossy = await createWebp();
  animated = await createAnimatedWebp();
  withProfile = await createWebp({ icc: 'p3' });
  const exif = { fourcc: 'EXIF', data: orientationTiff(6) };
  const xmp = { fourcc: 'XMP ', data: Buffer.from('<x:xmpmeta/>') };
  dirty = extendSimpleWebp(lossy, FLAG.exif | FLAG.xmp, SIZE, [exif, xmp]);
  cleaned = stripWebp(dirty, DEFAULT_KEEP_POLICY).bytes;
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function getVerifyErrorCode(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
): string {
  try {
    verifyWebpStructure(input, output, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

/** Returns `webp` with its chunks passed through `change`. */
function editChunks(webp: Uint8Array, change: (chunks: RiffChunk[]) => RiffChunk[]): Buffer {
  return joinChunks(change(splitChunks(webp)));
}

function withFlags(webp: Uint8Array, flags: number): Buffer {
  return editChunks(webp, (chunks) =>
    chunks.map((chunk) => {
      if (chunk.fourcc !== 'VP8X') {
        return chunk;
      }
      const data = Buffer.from(chunk.data);
      data[0] = flags;
      return { fourcc: 'VP8X', data };
    }),
  );
}

describe('verifyWebpStructure', () => {
  it('accepts what the stripper writes', () => {
    expect(getVerifyErrorCode(dirty, cleaned)).toBe('passed');
    expect(getVerifyErrorCode(animated, animated)).toBe('passed');
    expect(getVerifyErrorCode(withProfile, withProfile)).toBe('passed');
    expect(getVerifyErrorCode(lossy, lossy)).toBe('passed');
  });

  it.skipIf(!hasExifTool)(
    'accepts the stripper output for an ExifTool-tagged animation',
    async () => {
      const input = await writeWebpMetadata(animated, ['-GPSLatitude=1', '-Orientation#=3']);
      const output = stripWebp(input, DEFAULT_KEEP_POLICY).bytes;

      expect(getVerifyErrorCode(input, output)).toBe('passed');
    },
  );

  it.each([
    [
      'an unknown chunk',
      () => editChunks(cleaned, (c) => [...c, { fourcc: 'ZZZZ', data: Buffer.from('id') }]),
    ],
    [
      'an XMP chunk',
      () => editChunks(cleaned, (c) => [...c, { fourcc: 'XMP ', data: Buffer.from('<x/>') }]),
    ],
    [
      'a second EXIF chunk',
      () => editChunks(cleaned, (c) => [...c, { fourcc: 'EXIF', data: orientationTiff(6) }]),
    ],
    [
      'an EXIF chunk before the image',
      () => editChunks(cleaned, (c) => [c[0], c[2], c[1]] as RiffChunk[]),
    ],
    [
      'an EXIF chunk with a tag beyond our block',
      () =>
        editChunks(cleaned, (c) =>
          c.map((chunk) =>
            chunk.fourcc === 'EXIF' ? { fourcc: 'EXIF', data: exifWithMake() } : chunk,
          ),
        ),
    ],
    [
      'a changed image byte',
      () =>
        editChunks(cleaned, (c) =>
          c.map((chunk) =>
            chunk.fourcc === 'VP8 ' ? { fourcc: 'VP8 ', data: flipLastByte(chunk.data) } : chunk,
          ),
        ),
    ],
    ['an EXIF flag without an EXIF chunk', () => withFlags(lossyExtended(), FLAG.exif)],
    ['a left-over XMP flag', () => withFlags(cleaned, FLAG.exif | FLAG.xmp)],
    ['a reserved flag bit', () => withFlags(cleaned, FLAG.exif | 0x01)],
    [
      'a changed canvas',
      () => editChunks(cleaned, (c) => [vp8xChunk(FLAG.exif, 25, 16), ...c.slice(1)]),
    ],
    ['bytes after the RIFF chunk', () => Buffer.concat([cleaned, Buffer.from('x')])],
    [
      'a RIFF size beyond the file',
      () => {
        const copy = Buffer.from(cleaned);
        copy.writeUInt32LE(copy.length, 4);
        return copy;
      },
    ],
  ])('rejects an output with %s', (_name, build) => {
    expect(getVerifyErrorCode(dirty, build())).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a padding byte that is not zero', () => {
    const input = createOddPayloadFile();
    const output = Buffer.from(input);
    output[output.length - 1] = 0xff;

    expect(getVerifyErrorCode(input, input)).toBe('passed');
    expect(getVerifyErrorCode(input, output)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a VP8X chunk added to a simple file that carries no EXIF', () => {
    expect(getVerifyErrorCode(lossy, lossyExtended())).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a kept ICC profile when the policy drops it', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };

    expect(getVerifyErrorCode(withProfile, withProfile, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an ICC profile that the input did not have', () => {
    const [profile] = findChunks(withProfile, 'ICCP');
    const output = editChunks(lossyExtended(), (c) => [
      vp8xChunk(FLAG.icc, 24, 16),
      profile as RiffChunk,
      ...c.slice(1),
    ]);

    expect(getVerifyErrorCode(lossyExtended(), output)).toBe('E_VERIFY_STRUCTURE');
  });

  describe('animation', () => {
    function editFrames(change: (frames: RiffChunk[]) => RiffChunk[]): Buffer {
      return editChunks(animated, (chunks) => {
        const frames = chunks.filter((chunk) => chunk.fourcc === 'ANMF');
        const others = chunks.filter((chunk) => chunk.fourcc !== 'ANMF');
        return [...others, ...change(frames)];
      });
    }

    it.each([
      ['frames in another order', () => editFrames((f) => [...f].reverse())],
      ['a frame left out', () => editFrames((f) => f.slice(1))],
      [
        'a changed frame duration',
        () =>
          editFrames((f) =>
            f.map((frame, i) =>
              i === 0 ? { fourcc: 'ANMF', data: withByteChanged(frame.data, 12) } : frame,
            ),
          ),
      ],
      [
        'an unknown chunk inside a frame',
        () =>
          editFrames((f) =>
            f.map((frame) => ({
              fourcc: 'ANMF',
              data: Buffer.concat([frame.data, encodeChunk('ZZZZ', Buffer.from('id'))]),
            })),
          ),
      ],
      ['the animation flag cleared', () => withFlags(animated, FLAG.alpha)],
    ])('rejects an output with %s', (_name, build) => {
      expect(getVerifyErrorCode(animated, build())).toBe('E_VERIFY_STRUCTURE');
    });
  });
});

/** The lossy fixture as an extended file with no metadata flags. */
function lossyExtended(): Buffer {
  return extendSimpleWebp(lossy, 0, SIZE, []);
}

/** Builds a TIFF block with Orientation 6 and a Make tag, which our block never contains. */
function exifWithMake(): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 24 + 4 + 6);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(2, 8);
  tiff.writeUInt16BE(0x010f, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(5, 14);
  tiff.writeUInt32BE(38, 18);
  tiff.writeUInt16BE(0x0112, 22);
  tiff.writeUInt16BE(3, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt16BE(6, 30);
  tiff.write('Acme\0', 38, 'latin1');
  return tiff;
}

function flipLastByte(data: Buffer): Buffer {
  return withByteChanged(data, data.length - 1);
}

function withByteChanged(data: Buffer, index: number): Buffer {
  const copy = Buffer.from(data);
  copy[index] = (copy[index] ?? 0) ^ 0xff;
  return copy;
}

/** Creates a file whose VP8 payload has odd length, so its chunk ends with a padding byte. */
function createOddPayloadFile(): Buffer {
  const [image] = splitChunks(lossy);
  if (image === undefined) {
    throw new Error('no image chunk');
  }
  const data = Buffer.concat([image.data, Buffer.alloc(1 - (image.data.length % 2))]);
  return joinChunks([vp8xChunk(0, 24, 16), { fourcc: 'VP8 ', data }]);
}
