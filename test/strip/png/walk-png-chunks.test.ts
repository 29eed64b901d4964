import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { MAX_PNG_CHUNKS, walkPngChunks } from '../../../src/strip/png/walk-png-chunks.js';
import { encodeChunk, insertChunksBefore, splitChunks } from '../../helpers/png-chunks.js';

let png: Buffer;

beforeAll(async () => {
  png = await sharp({ create: { width: 9, height: 7, channels: 3, background: '#208040' } })
    .png()
    .toBuffer();
});

/** Returns the AppError code `walkPngChunks` throws, or null when it returns. */
function getWalkErrorCode(bytes: Uint8Array): string | null {
  try {
    walkPngChunks(bytes);
    return null;
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
}

describe('walkPngChunks', () => {
  it('lists every chunk up to IEND with its data', () => {
    const layout = walkPngChunks(png);
    const expected = splitChunks(png);

    expect(layout.chunks.map((chunk) => chunk.type)).toEqual(expected.map((chunk) => chunk.type));
    layout.chunks.forEach((chunk, i) => {
      expect(Buffer.from(chunk.data).equals(expected[i]?.data ?? Buffer.alloc(1))).toBe(true);
    });
    expect(layout.imageEnd).toBe(png.length);
    expect(layout.trailerLength).toBe(0);
  });

  it('measures data after IEND as a trailer', () => {
    const layout = walkPngChunks(Buffer.concat([png, Buffer.from('extra bytes')]));

    expect(layout.imageEnd).toBe(png.length);
    expect(layout.trailerLength).toBe(11);
  });

  it('rejects a bad CRC as corrupt', () => {
    const damaged = Buffer.from(png);
    const idat = damaged.indexOf('IDAT', 8, 'latin1');
    damaged[idat + 5] = (damaged[idat + 5] ?? 0) ^ 0xff;

    expect(getWalkErrorCode(damaged)).toBe('E_CORRUPT');
  });

  it('rejects a file without the PNG signature as corrupt', () => {
    const damaged = Buffer.from(png);
    damaged[1] = 0x51;

    expect(getWalkErrorCode(damaged)).toBe('E_CORRUPT');
  });

  it('rejects a chunk type that is not four letters as corrupt', () => {
    const damaged = Buffer.concat([png.subarray(0, 33), encodeChunk('ab1d', Buffer.alloc(2))]);
    expect(getWalkErrorCode(Buffer.concat([damaged, png.subarray(33)]))).toBe('E_CORRUPT');
  });

  it('rejects a length above 2^31 - 1 as corrupt', () => {
    const damaged = Buffer.from(png);
    damaged.writeUInt32BE(0xffff_fff0, 33);

    expect(getWalkErrorCode(damaged)).toBe('E_CORRUPT');
  });

  it('rejects a file that does not start with IHDR as corrupt', () => {
    const chunks = splitChunks(png);
    const reordered = Buffer.concat([
      png.subarray(0, 8),
      ...[chunks[1], chunks[0], ...chunks.slice(2)].map((chunk) =>
        encodeChunk(chunk?.type ?? 'IEND', chunk?.data),
      ),
    ]);

    expect(getWalkErrorCode(reordered)).toBe('E_CORRUPT');
  });

  it('rejects a file without IDAT as corrupt', () => {
    const chunks = splitChunks(png).filter((chunk) => chunk.type !== 'IDAT');
    const noImage = Buffer.concat([
      png.subarray(0, 8),
      ...chunks.map((chunk) => encodeChunk(chunk.type, chunk.data)),
    ]);

    expect(getWalkErrorCode(noImage)).toBe('E_CORRUPT');
  });

  it('rejects a non-empty IEND as corrupt', () => {
    const withFatEnd = Buffer.concat([
      png.subarray(0, png.length - 12),
      encodeChunk('IEND', Buffer.alloc(1)),
    ]);
    expect(getWalkErrorCode(withFatEnd)).toBe('E_CORRUPT');
  });

  it('reports every cut of the file as truncated', () => {
    const withText = insertChunksBefore(png, 'IDAT', [
      { type: 'tEXt', data: Buffer.from('Comment\0some words') },
    ]);
    for (let length = 0; length < withText.length; length += 1) {
      expect(getWalkErrorCode(withText.subarray(0, length)), `cut at ${length}`).toBe(
        'E_TRUNCATED',
      );
    }
  });

  it('rejects IDAT chunks split by another chunk as corrupt', () => {
    const chunks = splitChunks(png);
    const imageData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
    const data = chunks[imageData]?.data ?? Buffer.alloc(0);
    chunks.splice(
      imageData,
      1,
      { type: 'IDAT', data: data.subarray(0, 5) },
      { type: 'abCd', data: Buffer.alloc(0) },
      { type: 'IDAT', data: data.subarray(5) },
    );
    const split = Buffer.concat([
      png.subarray(0, 8),
      ...chunks.map((chunk) => encodeChunk(chunk.type, chunk.data)),
    ]);

    expect(getWalkErrorCode(split)).toBe('E_CORRUPT');
  });

  it('accepts empty IDAT chunks in a row', () => {
    const withEmpty = insertChunksBefore(png, 'IDAT', [{ type: 'IDAT', data: Buffer.alloc(0) }]);
    expect(getWalkErrorCode(withEmpty)).toBeNull();
  });

  it('rejects a file with more chunks than the limit as corrupt', () => {
    const empty = encodeChunk('abCd');
    const extra = Buffer.concat(Array.from({ length: MAX_PNG_CHUNKS }, () => empty));
    const header = png.subarray(0, 33);
    const atLimit = Buffer.concat([header, extra.subarray(empty.length * 4), png.subarray(33)]);
    const overLimit = Buffer.concat([header, extra, png.subarray(33)]);

    expect(getWalkErrorCode(atLimit)).toBeNull();
    expect(getWalkErrorCode(overLimit)).toBe('E_CORRUPT');
  });
});
