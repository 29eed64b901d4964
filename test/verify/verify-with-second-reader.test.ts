import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../src/shared/errors.js';
import { buildMinimalExif } from '../../src/strip/exif/build-minimal-exif.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import type { ImageFormat, StripResult } from '../../src/strip/strip-result.js';
import { verifyWithSecondReader } from '../../src/verify/verify-with-second-reader.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import {
  compressedTextChunk,
  insertChunksBefore,
  internationalTextChunk,
  textChunk,
} from '../helpers/png-chunks.js';
import { createPng, resetPngFixtureDir, writeMetadata } from '../helpers/png-fixtures.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const pixels = { create: { width: 6, height: 4, channels: 3, background: '#5080b0' } } as const;

/** Keeps nothing at all, so every optional tag must be rejected. */
const KEEP_NOTHING: KeepPolicy = {
  orientation: false,
  colorProfile: false,
  hdrGainMap: false,
  captureDate: false,
  copyright: false,
  contentCredentials: false,
};

let png: Buffer;
let jpeg: Buffer;

beforeAll(async () => {
  png = await createPng();
  jpeg = await sharp(pixels).jpeg().toBuffer();
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function asResult(bytes: Uint8Array, format: ImageFormat): StripResult {
  return { format, bytes, removed: [], kept: [], changed: true };
}

/** Runs the reader and returns its error, or null when it accepts the file. */
function getReaderError(
  bytes: Uint8Array,
  format: ImageFormat,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
): AppError | null {
  try {
    verifyWithSecondReader(asResult(bytes, format), policy);
    return null;
  } catch (error) {
    if (isAppError(error)) {
      return error;
    }
    throw error;
  }
}

function withExifChunk(tiff: Uint8Array | null): Buffer {
  if (tiff === null) {
    throw new Error('buildMinimalExif returned null');
  }
  return insertChunksBefore(png, 'IDAT', [{ type: 'eXIf', data: Buffer.from(tiff) }]);
}

describe('verifyWithSecondReader', () => {
  it('accepts plain PNG and JPEG files under any policy', () => {
    for (const policy of [DEFAULT_KEEP_POLICY, KEEP_NOTHING]) {
      expect(getReaderError(png, 'png', policy)).toBeNull();
      expect(getReaderError(jpeg, 'jpeg', policy)).toBeNull();
    }
  });

  it('rejects a PNG text chunk by tag name, never by value', () => {
    const tampered = insertChunksBefore(png, 'IDAT', [textChunk('Comment', 'secret-value')]);

    const error = getReaderError(tampered, 'png');

    expect(error?.code).toBe('E_VERIFY_READER');
    expect(error?.message).toContain('png:Comment');
    expect(error?.message).not.toContain('secret-value');
  });

  it('rejects a text chunk named like an IHDR field', () => {
    const tampered = insertChunksBefore(png, 'IDAT', [textChunk('Image Width', '12')]);
    expect(getReaderError(tampered, 'png')?.code).toBe('E_VERIFY_READER');
  });

  it.each([
    ['zTXt', compressedTextChunk('Comment', 'words')],
    ['compressed iTXt', internationalTextChunk('Comment', 'words', true)],
    ['uncompressed iTXt', internationalTextChunk('Comment', 'words')],
    ['tIME', { type: 'tIME', data: Buffer.from([7, 229, 1, 2, 3, 4, 5]) }],
  ])('rejects a PNG with %s', (_name, chunk) => {
    const tampered = insertChunksBefore(png, 'IDAT', [chunk]);
    expect(getReaderError(tampered, 'png')?.code).toBe('E_VERIFY_READER');
  });

  it('accepts an ICC profile only when the policy keeps it', async () => {
    const pngWithProfile = await createPng({ icc: 'p3' });
    const jpegWithProfile = await sharp(pixels).withIccProfile('p3').jpeg().toBuffer();

    expect(getReaderError(pngWithProfile, 'png')).toBeNull();
    expect(getReaderError(jpegWithProfile, 'jpeg')).toBeNull();
    expect(getReaderError(pngWithProfile, 'png', KEEP_NOTHING)?.code).toBe('E_VERIFY_READER');
    expect(getReaderError(jpegWithProfile, 'jpeg', KEEP_NOTHING)?.code).toBe('E_VERIFY_READER');
  });

  it('accepts the minimal EXIF fields only when the policy keeps them', () => {
    const withOrientation = withExifChunk(buildMinimalExif({ orientation: 6 }));
    const withDate = withExifChunk(
      buildMinimalExif({ captureDate: '2021:02:03 04:05:06', offsetTimeOriginal: '+02:00' }),
    );
    const withCopyright = withExifChunk(buildMinimalExif({ copyright: 'A. Person' }));
    const keepAll: KeepPolicy = { ...DEFAULT_KEEP_POLICY, captureDate: true, copyright: true };

    for (const file of [withOrientation, withDate, withCopyright]) {
      expect(getReaderError(file, 'png', keepAll)).toBeNull();
      expect(getReaderError(file, 'png', KEEP_NOTHING)?.code).toBe('E_VERIFY_READER');
    }
    expect(getReaderError(withDate, 'png')?.message).toContain('DateTimeOriginal');
    expect(getReaderError(withCopyright, 'png')?.message).toContain('exif:Copyright');
  });

  it.skipIf(!isExifToolAvailable())('rejects GPS written by ExifTool', async () => {
    const tampered = await writeMetadata(png, ['-GPSLatitude=48.85', '-GPSLatitudeRef=N']);

    const error = getReaderError(tampered, 'png');

    expect(error?.code).toBe('E_VERIFY_READER');
    expect(error?.message).not.toContain('48.85');
  });

  it.skipIf(!isExifToolAvailable())('rejects XMP in a PNG', async () => {
    const tampered = await writeMetadata(png, ['-XMP-dc:Title=Holiday']);
    expect(getReaderError(tampered, 'png')?.message).toContain('xmp:');
  });

  it('rejects EXIF in a JPEG', async () => {
    const tampered = await sharp(pixels)
      .jpeg()
      .withExif({ IFD0: { Make: 'Acme' } })
      .toBuffer();
    expect(getReaderError(tampered, 'jpeg')?.message).toContain('exif:Make');
  });

  it('rejects a file it cannot parse', () => {
    expect(getReaderError(Buffer.from('not an image at all'), 'png')?.code).toBe('E_VERIFY_READER');
  });

  it('rejects a file it reads as another format', () => {
    expect(getReaderError(png, 'jpeg')?.code).toBe('E_VERIFY_READER');
  });
});
