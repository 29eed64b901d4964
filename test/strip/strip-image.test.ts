import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { stripImage } from '../../src/strip/strip-image.js';
import { insertChunksBefore, listChunkTypes, textChunk } from '../helpers/png-chunks.js';

const pixels = { create: { width: 6, height: 4, channels: 3, background: '#5080b0' } } as const;

function getStripError(bytes: Uint8Array): AppError {
  try {
    stripImage(bytes, DEFAULT_KEEP_POLICY);
  } catch (error) {
    if (isAppError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('stripImage returned instead of throwing');
}

describe('stripImage', () => {
  it('cleans a PNG through the PNG stripper', async () => {
    const png = await sharp(pixels).png().toBuffer();
    const input = insertChunksBefore(png, 'IDAT', [textChunk('parameters', 'a castle')]);

    const result = stripImage(input, DEFAULT_KEEP_POLICY);

    expect(result.format).toBe('png');
    expect(result.removed).toEqual(['ai-prompt']);
    expect(listChunkTypes(result.bytes)).not.toContain('tEXt');
  });

  it('cleans a JPEG through the JPEG stripper', async () => {
    const jpeg = await sharp(pixels)
      .jpeg()
      .withExif({ IFD0: { Artist: 'A. Person' } })
      .toBuffer();

    const result = stripImage(jpeg, DEFAULT_KEEP_POLICY);

    expect(result.format).toBe('jpeg');
    expect(result.removed).toContain('owner');
  });

  it.each([
    ['webp', () => sharp(pixels).webp().toBuffer()],
    ['gif', () => sharp(pixels).gif().toBuffer()],
    ['heif', () => sharp(pixels).avif().toBuffer()],
  ] as const)('dispatches %s to its stripper', async (format, write) => {
    const result = stripImage(await write(), DEFAULT_KEEP_POLICY);

    expect(result.format).toBe(format);
  });

  it('cleans a TIFF through the TIFF stripper', async () => {
    const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';
    const tiff = await sharp(pixels).tiff().withXmp(xmp).toBuffer();

    const result = stripImage(tiff, DEFAULT_KEEP_POLICY);

    expect(result.format).toBe('tiff');
    expect(result.removed).toEqual(['xmp']);
  });

  it('rejects a DNG as unsupported, naming it', () => {
    const dng = Buffer.alloc(32);
    dng.write('II*\0', 0, 'latin1');
    dng.writeUInt32LE(8, 4);
    dng.writeUInt16LE(1, 8);
    dng.writeUInt16LE(0xc612, 10); // DNGVersion
    const error = getStripError(dng);

    expect(error.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(error.message).toContain('DNG');
  });

  it('rejects a PDF as unsupported, naming it', () => {
    const error = getStripError(Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'));

    expect(error.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(error.message).toContain('PDF');
  });

  it('rejects an unknown format as unsupported', () => {
    const error = getStripError(Buffer.from('plain text, not an image'));

    expect(error.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(error.message).toContain('not an image format MetaClear recognises');
  });

  it('passes the stripper errors through', async () => {
    const png = await sharp(pixels).png().toBuffer();
    expect(getStripError(png.subarray(0, png.length - 5)).code).toBe('E_TRUNCATED');
  });
});
