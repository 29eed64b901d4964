import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../../../src/shared/kinds.js';
import { stripGif } from '../../../src/strip/gif/strip-gif.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../../src/strip/keep-policy.js';
import { stripImage } from '../../../src/strip/strip-image.js';
import type { StripResult } from '../../../src/strip/strip-result.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { expectCleanOutput, type FormatUnderTest } from '../../helpers/expect-clean-output.js';
import { getStripErrorCode } from '../../helpers/get-strip-error-code.js';
import { resetPngFixtureDir, writeFixtureFile } from '../../helpers/png-fixtures.js';
import { decodeFrames, splitFrames } from '../../helpers/pixels.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import {
  applicationExtension,
  commentExtension,
  createAnimatedGif,
  createGif,
  graphicControlExtension,
  joinGif,
  listBlockKinds,
  loopExtension,
  plainTextExtension,
  splitGif,
  writeGifMetadata,
} from './gif-fixtures.js';

const hasExifTool = isExifToolAvailable();

let still: Buffer;
let animated: Buffer;

beforeAll(async () => {
  still = await createGif();
  animated = await createAnimatedGif(3, 2);
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

/** Inserts whole blocks before the block at `index` of a GIF. */
function insertBlocks(gif: Uint8Array, index: number, blocks: readonly Buffer[]): Buffer {
  const split = splitGif(gif);
  split.blocks.splice(index, 0, ...blocks);
  return joinGif(split);
}

/** Returns the index of the `n`th image block (0-based). */
function findImageIndex(gif: Uint8Array, n: number): number {
  const indexes = listBlockKinds(gif).flatMap((kind, i) => (kind === 'image' ? [i] : []));
  const index = indexes[n];
  if (index === undefined) {
    throw new Error(`findImageIndex: no image ${n}`);
  }
  return index;
}

const GIF: FormatUnderTest = {
  strip: stripGif,
  decodeImages: async (bytes) => splitFrames(await decodeFrames(bytes)),
  extension: 'gif',
};

/** Asserts the shared clean-output checks on a GIF, and that its loop count stays. */
async function expectCleanGif(
  input: Uint8Array,
  result: StripResult,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
): Promise<void> {
  await expectCleanOutput(GIF, input, result, policy);
  const [inputLoop, outputLoop] = await Promise.all([
    sharp(input, { animated: true }).metadata(),
    sharp(result.bytes, { animated: true }).metadata(),
  ]);
  expect(outputLoop.loop).toBe(inputLoop.loop);
}

describe('stripGif', () => {
  it('has an animated fixture that decodes to three frames', async () => {
    expect((await decodeFrames(animated)).frames).toBe(3);
  });

  it.each([
    ['still', () => still],
    ['animated', () => animated],
  ] as const)('returns a clean %s file as the same array', (_name, getInput) => {
    const input = getInput();
    const result = stripGif(input, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(result.bytes).toBe(input);
    expect(result.removed).toEqual([]);
    expect(result.kept).toEqual([]);
    expect(result.format).toBe('gif');
  });

  it('is what stripImage runs for a GIF file', () => {
    const input = insertBlocks(still, 0, [commentExtension('a note')]);

    const result = stripImage(input, DEFAULT_KEEP_POLICY);

    expect(result.format).toBe('gif');
    expect(result.removed).toEqual(['comment']);
  });

  describe.skipIf(!hasExifTool)('metadata written by ExifTool', () => {
    const cases: readonly { name: string; args: readonly string[]; kinds: readonly Kind[] }[] = [
      { name: 'a comment', args: ['-Comment=taken at home'], kinds: ['comment'] },
      { name: 'XMP', args: ['-XMP-dc:Creator=A. Person', '-XMP-dc:Title=Trip'], kinds: ['xmp'] },
      {
        name: 'a comment and XMP',
        args: ['-Comment=taken at home', '-XMP-dc:Creator=A. Person'],
        kinds: ['xmp', 'comment'],
      },
    ];
    const matrix = (['still', 'animated'] as const).flatMap((image) =>
      cases.map((entry) => [`${entry.name} in a ${image} file`, image, entry] as const),
    );

    it.each(matrix)('removes %s', async (_title, image, entry) => {
      const input = await writeGifMetadata(image === 'still' ? still : animated, entry.args);

      const result = stripGif(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(entry.kinds);
      expect(result.bytes).toEqual(image === 'still' ? still : animated);
      await expectCleanGif(input, result);
    });

    it('keeps an ICC profile under the default policy and removes it when told', async () => {
      const profile = (
        await sharp(await sharp(still).withIccProfile('p3').png().toBuffer()).metadata()
      ).icc;
      if (profile === undefined) {
        throw new Error('sharp wrote no ICC profile');
      }
      const profilePath = await writeFixtureFile(profile, 'icc');
      const input = await writeGifMetadata(animated, [`-ICC_Profile<=${profilePath}`]);
      const dropProfile = { ...DEFAULT_KEEP_POLICY, colorProfile: false };

      const kept = stripGif(input, DEFAULT_KEEP_POLICY);
      const removed = stripGif(input, dropProfile);

      expect(kept.changed).toBe(false);
      expect(kept.kept).toEqual(['icc-profile']);
      expect(removed.removed).toEqual(['icc-profile']);
      expect(removed.bytes).toEqual(animated);
      await expectCleanGif(input, removed, dropProfile);
      expect(() => {
        verifyClean(input, kept, DEFAULT_KEEP_POLICY);
      }).not.toThrow();
    });
  });

  describe('blocks ExifTool cannot write', () => {
    it('removes a plain-text extension between frames and keeps every frame', async () => {
      const text = [graphicControlExtension(20), plainTextExtension('Hello from a camera')];
      const input = insertBlocks(animated, findImageIndex(animated, 1) - 1, text);

      const result = stripGif(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['unknown-block']);
      expect(listBlockKinds(result.bytes)).not.toContain('ext-1');
      await expectCleanGif(input, result);
    });

    it.each([
      [
        'an unknown application extension',
        applicationExtension('ACMECORP1.0', Buffer.from('id 42')),
        'unknown-block',
      ],
      ['an unknown extension label', Buffer.from([0x21, 0x99, 3, 1, 2, 3, 0]), 'unknown-block'],
      [
        'an ImageMagick IPTC extension',
        applicationExtension('MGKIPTC0000', Buffer.from('iptc')),
        'iptc',
      ],
    ] as const)('removes %s', async (_name, block, kind) => {
      const input = insertBlocks(animated, 1, [block]);

      const result = stripGif(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual([kind]);
      expect(result.bytes).toEqual(animated);
      await expectCleanGif(input, result);
    });

    it('reduces a loop extension to its loop count', async () => {
      const buffering = Buffer.from([2, 0, 16, 0, 0]);
      const loopAndBuffering = Buffer.concat([
        loopExtension(7).subarray(0, -1),
        Buffer.from([buffering.length]),
        buffering,
        Buffer.from([0]),
      ]);
      const split = splitGif(animated);
      split.blocks[0] = loopAndBuffering;
      const input = joinGif(split);

      const result = stripGif(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['unknown-block']);
      expect(splitGif(result.bytes).blocks[0]).toEqual(loopExtension(7));
      await expectCleanGif(input, result);
    });

    it('keeps an ANIMEXTS1.0 loop extension as it is', () => {
      const split = splitGif(animated);
      split.blocks[0] = loopExtension(3, 'ANIMEXTS1.0');
      const input = joinGif(split);

      const result = stripGif(input, DEFAULT_KEEP_POLICY);

      expect(result.changed).toBe(false);
      expect(() => {
        verifyClean(input, result, DEFAULT_KEEP_POLICY);
      }).not.toThrow();
    });

    it('removes bytes after the trailer', async () => {
      const input = Buffer.concat([animated, Buffer.from('appended data')]);

      const result = stripGif(input, DEFAULT_KEEP_POLICY);

      expect(result.removed).toEqual(['trailer']);
      expect(result.bytes).toEqual(animated);
      await expectCleanGif(input, result);
    });
  });

  describe('rejections', () => {
    it.each([
      ['a file without its trailer', () => animated.subarray(0, -1)],
      ['a file cut inside an image', () => animated.subarray(0, findImageOffset(animated) + 14)],
      ['a file cut inside its signature', () => still.subarray(0, 4)],
      ['a file cut inside its global colour table', () => still.subarray(0, 40)],
    ])('rejects %s as truncated', (_name, build) => {
      expect(getStripErrorCode(stripGif, build())).toBe('E_TRUNCATED');
    });

    it.each([
      ['an unknown block introducer', () => insertBlocks(still, 0, [Buffer.from([0x00])])],
      [
        'a graphic control of 5 bytes',
        () => insertBlocks(still, 0, [Buffer.from([0x21, 0xf9, 5, 0, 0, 0, 0, 0, 0])]),
      ],
      [
        'an LZW code size of 12',
        () => {
          const copy = Buffer.from(still);
          copy[findImageOffset(still) + 10] = 12;
          return copy;
        },
      ],
      [
        'a signature other than GIF87a or GIF89a',
        () => Buffer.concat([Buffer.from('GIF90a'), still.subarray(6)]),
      ],
    ])('rejects %s as corrupt', (_name, build) => {
      expect(getStripErrorCode(stripGif, build())).toBe('E_CORRUPT');
    });
  });
});

/** Returns the offset of the first image separator of a GIF without a local colour table. */
function findImageOffset(gif: Buffer): number {
  const split = splitGif(gif);
  const index = split.blocks.findIndex((block) => block[0] === 0x2c);
  const before = split.blocks.slice(0, index).reduce((sum, block) => sum + block.length, 0);
  const image = split.blocks[index];
  if (image === undefined || ((image[9] ?? 0) & 0x80) !== 0) {
    throw new Error('findImageOffset: no image without a local colour table');
  }
  return split.screen.length + before;
}
