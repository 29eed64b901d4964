import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isContainerComplete } from '../../src/strip/is-container-complete.js';

const pixels = { create: { width: 6, height: 4, channels: 3, background: '#5080b0' } } as const;

let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  jpeg = await sharp(pixels).jpeg().toBuffer();
  png = await sharp(pixels).png().toBuffer();
});

describe('isContainerComplete', () => {
  it('accepts whole JPEG and PNG files', () => {
    expect(isContainerComplete(jpeg)).toBe(true);
    expect(isContainerComplete(png)).toBe(true);
  });

  it('rejects JPEG and PNG files cut short', () => {
    expect(isContainerComplete(jpeg.subarray(0, jpeg.length - 2))).toBe(false);
    expect(isContainerComplete(png.subarray(0, png.length - 4))).toBe(false);
  });

  it('rejects an empty file and a bare signature prefix', () => {
    expect(isContainerComplete(Buffer.alloc(0))).toBe(false);
    expect(isContainerComplete(Buffer.from([0xff, 0xd8]))).toBe(false);
    expect(isContainerComplete(png.subarray(0, 5))).toBe(false);
  });

  it('checks a TIFF through its IFDs and strips', async () => {
    const tiff = await sharp(pixels).tiff({ compression: 'none' }).toBuffer();

    expect(isContainerComplete(tiff)).toBe(true);
    expect(isContainerComplete(tiff.subarray(0, tiff.length - 2))).toBe(false);
    expect(isContainerComplete(tiff.subarray(0, 3))).toBe(false);
  });

  it('accepts formats the stripper rejects anyway', () => {
    expect(isContainerComplete(Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(isContainerComplete(Buffer.from('plain text'))).toBe(true);
  });
});
