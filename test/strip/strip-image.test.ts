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
    ['WebP', () => sharp(pixels).webp().toBuffer()],
    ['GIF', () => sharp(pixels).gif().toBuffer()],
    ['TIFF', () => sharp(pixels).tiff().toBuffer()],
    ['AVIF', () => sharp(pixels).avif().toBuffer()],
  ] as const)('rejects %s as unsupported, naming it', async (label, write) => {
    const error = getStripError(await write());

    expect(error.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(error.message).toContain(label);
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
