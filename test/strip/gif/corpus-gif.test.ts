import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { stripGif } from '../../../src/strip/gif/strip-gif.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import type { StripResult } from '../../../src/strip/strip-result.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { corpusFilesOfFormat } from '../../helpers/corpus.js';
import { closeExifTool, isExifToolAvailable, listIdentifyingTags } from '../../helpers/exiftool.js';
import { resetPngFixtureDir } from '../../helpers/png-fixtures.js';
import { decodeFrames } from '../../helpers/pixels.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { readGifTags } from './gif-fixtures.js';

/**
 * Corpus files that must be rejected, with the code that states the true reason: Pillow's
 * zero_width.gif has an image whose LZW minimum code size byte is 143, and ends right after.
 */
const EXPECTED_REJECTIONS: Readonly<Record<string, string>> = {
  'files/python-pillow-Pillow/zero_width.gif': 'E_CORRUPT',
};

/** Corpus files with an ICC profile extension, which the default policy keeps. */
const ICC_FILES = new Set(['files/exiftool-exiftool/GIF.gif']);

const entries = corpusFilesOfFormat('GIF');
const hasExifTool = isExifToolAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function stripOrGetCode(bytes: Uint8Array): StripResult | string {
  try {
    return stripGif(bytes, DEFAULT_KEEP_POLICY);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
}

describe.skipIf(!hasExifTool || entries.length === 0)('GIF corpus', () => {
  it('has GIF entries', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries.map((entry) => [entry.localPath, entry] as const))(
    'cleans or rejects %s',
    async (localPath, entry) => {
      const input = await readFile(entry.absolutePath);
      const outcome = stripOrGetCode(input);
      const expectedCode = EXPECTED_REJECTIONS[localPath];
      if (expectedCode !== undefined) {
        expect(outcome).toBe(expectedCode);
        return;
      }
      if (typeof outcome === 'string') {
        throw new Error(`${localPath} was rejected with ${outcome}`);
      }

      expect(listIdentifyingTags(await readGifTags(outcome.bytes))).toEqual([]);

      const before = await decodeFrames(input);
      const after = await decodeFrames(outcome.bytes);
      expect(after.frames, 'frame count').toBe(before.frames);
      expect(after.data.equals(before.data), 'pixels identical').toBe(true);
      const [inputInfo, outputInfo] = await Promise.all([
        sharp(input, { animated: true }).metadata(),
        sharp(outcome.bytes, { animated: true }).metadata(),
      ]);
      expect(outputInfo.loop, 'loop count').toBe(inputInfo.loop);
      expect(outputInfo.delay, 'frame delays').toEqual(inputInfo.delay);
      if (ICC_FILES.has(localPath)) {
        expect(outcome.kept).toEqual(['icc-profile']);
      }

      expect(() => {
        verifyClean(input, outcome, DEFAULT_KEEP_POLICY);
      }).not.toThrow();
      expect(stripGif(outcome.bytes, DEFAULT_KEEP_POLICY).changed, 'second pass').toBe(false);
    },
  );
});
