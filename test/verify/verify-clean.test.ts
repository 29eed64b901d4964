import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { stripImage } from '../../src/strip/strip-image.js';
import type { StripResult } from '../../src/strip/strip-result.js';
import { verifyClean } from '../../src/verify/verify-clean.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { insertChunksBefore, textChunk } from '../helpers/png-chunks.js';
import { createPng, resetPngFixtureDir, writeMetadata } from '../helpers/png-fixtures.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const pixels = { create: { width: 6, height: 4, channels: 3, background: '#5080b0' } } as const;

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function getVerifyErrorCode(input: Uint8Array, result: StripResult): string {
  try {
    verifyClean(input, result, DEFAULT_KEEP_POLICY);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

describe('verifyClean', () => {
  it('accepts a cleaned PNG', async () => {
    const input = insertChunksBefore(await createPng(), 'IDAT', [textChunk('prompt', '{}')]);
    expect(getVerifyErrorCode(input, stripImage(input, DEFAULT_KEEP_POLICY))).toBe('passed');
  });

  it.skipIf(!isExifToolAvailable())('accepts a cleaned JPEG', async () => {
    const jpeg = await sharp(pixels).jpeg().toBuffer();
    const input = await writeMetadata(
      jpeg,
      ['-Orientation#=6', '-EXIF:Make=Acme', '-Comment=x'],
      'jpg',
    );

    const result = stripImage(input, DEFAULT_KEEP_POLICY);

    expect(result.format).toBe('jpeg');
    expect(getVerifyErrorCode(input, result)).toBe('passed');
  });

  it('accepts a file that was already clean', async () => {
    const input = await createPng();
    const result = stripImage(input, DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(getVerifyErrorCode(input, result)).toBe('passed');
  });

  it('rejects a file wrongly called already clean', async () => {
    const input = insertChunksBefore(await createPng(), 'IDAT', [textChunk('Comment', 'x')]);
    const claimed: StripResult = {
      format: 'png',
      bytes: input,
      removed: [],
      kept: [],
      changed: false,
    };

    expect(getVerifyErrorCode(input, claimed)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a tampered JPEG output', async () => {
    const clean = await sharp(pixels).jpeg().toBuffer();
    const tampered = await sharp(pixels)
      .jpeg()
      .withExif({ IFD0: { Artist: 'x' } })
      .toBuffer();
    const result: StripResult = {
      format: 'jpeg',
      bytes: tampered,
      removed: [],
      kept: [],
      changed: true,
    };

    expect(getVerifyErrorCode(clean, result)).toBe('E_VERIFY_STRUCTURE');
  });

  it('runs the WebP structure check', async () => {
    const webp = await sharp(pixels).webp().toBuffer();
    const unchanged: StripResult = {
      format: 'webp',
      bytes: webp,
      removed: [],
      kept: [],
      changed: false,
    };
    const tampered: StripResult = { ...unchanged, bytes: Buffer.from(webp.subarray(0, -2)) };

    expect(getVerifyErrorCode(webp, unchanged)).toBe('passed');
    expect(getVerifyErrorCode(webp, tampered)).toBe('E_VERIFY_STRUCTURE');
  });
});
