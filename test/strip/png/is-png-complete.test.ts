import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPngComplete } from '../../../src/strip/png/is-png-complete.js';
import { MAX_PNG_CHUNKS } from '../../../src/strip/png/walk-png-chunks.js';
import { encodeChunk } from '../../helpers/png-chunks.js';

let png: Buffer;

beforeAll(async () => {
  png = await sharp({ create: { width: 5, height: 4, channels: 4, background: '#80402080' } })
    .png()
    .toBuffer();
});

describe('isPngComplete', () => {
  it('accepts a whole file', () => {
    expect(isPngComplete(png)).toBe(true);
  });

  it('accepts a file with data after IEND', () => {
    expect(isPngComplete(Buffer.concat([png, Buffer.from('trailer')]))).toBe(true);
  });

  it('rejects every strict prefix of the file', () => {
    for (let length = 0; length < png.length; length += 1) {
      expect(isPngComplete(png.subarray(0, length)), `prefix of ${length} bytes`).toBe(false);
    }
  });

  it('rejects an IEND with a bad CRC', () => {
    const damaged = Buffer.from(png);
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 1;

    expect(isPngComplete(damaged)).toBe(false);
  });

  it('rejects an IEND that is not empty', () => {
    const body = png.subarray(0, png.length - 12);
    expect(isPngComplete(Buffer.concat([body, encodeChunk('IEND', Buffer.alloc(2))]))).toBe(false);
  });

  it('rejects a file without the PNG signature', () => {
    const damaged = Buffer.from(png);
    damaged[0] = 0;

    expect(isPngComplete(damaged)).toBe(false);
  });

  it('stops after the chunk limit and leaves the rejection to the stripper', () => {
    const empty = encodeChunk('abCd');
    const header = png.subarray(0, 33);
    const many = Buffer.concat([header, ...Array.from({ length: MAX_PNG_CHUNKS }, () => empty)]);

    expect(isPngComplete(many.subarray(0, many.length - 1))).toBe(false);
    expect(isPngComplete(many)).toBe(true);
  });
});
