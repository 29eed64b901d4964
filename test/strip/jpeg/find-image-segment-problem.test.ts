import { beforeAll, describe, expect, it } from 'vitest';
import { findImageSegmentProblem } from '../../../src/strip/jpeg/find-image-segment-problem.js';
import { readJpegSegments } from '../../../src/strip/jpeg/read-jpeg-segments.js';
import { createJpeg } from './jpeg-fixtures.js';

const TABLE = Buffer.alloc(64, 1);
const HUFFMAN_COUNTS = Buffer.from([0, 1, 1, ...Buffer.alloc(13)]);

describe('findImageSegmentProblem', () => {
  const encoded: Buffer[] = [];

  beforeAll(async () => {
    for (const options of [{}, { progressive: true }, { channels: 1 as const }]) {
      encoded.push(await createJpeg(options));
    }
  });

  it('accepts every image segment sharp writes', () => {
    const segments = encoded.flatMap((jpeg) => readJpegSegments(jpeg).segments);

    expect(segments.length).toBeGreaterThan(20);
    for (const segment of segments) {
      const problem = findImageSegmentProblem(segment.marker, segment.payload);
      expect(problem, `marker 0x${segment.marker.toString(16)}`).toBeNull();
    }
  });

  it.each([
    ['two 8-bit quantisation tables', 0xdb, [0x00, ...TABLE, 0x01, ...TABLE]],
    ['a 16-bit quantisation table', 0xdb, [0x13, ...TABLE, ...TABLE]],
    ['a Huffman table', 0xc4, [0x10, ...HUFFMAN_COUNTS, 7, 9]],
    ['an arithmetic conditioning table', 0xcc, [0x01, 0x10]],
    ['a restart interval', 0xdd, [0, 16]],
    ['a line count', 0xdc, [0, 64]],
    ['a baseline frame header', 0xc0, [8, 0, 64, 0, 96, 1, 1, 0x11, 0]],
    ['a scan header', 0xda, [1, 1, 0, 0, 63, 0]],
  ])('accepts %s', (_title, marker, payload) => {
    expect(findImageSegmentProblem(marker, Buffer.from(payload))).toBeNull();
  });

  it.each([
    ['an empty quantisation table list', 0xdb, []],
    ['a quantisation table with a byte more', 0xdb, [0x00, ...TABLE, 0]],
    ['a quantisation table id of 4', 0xdb, [0x04, ...TABLE]],
    ['a quantisation precision of 2', 0xdb, [0x20, ...TABLE, ...TABLE]],
    ['a Huffman table missing a value', 0xc4, [0x10, ...HUFFMAN_COUNTS, 7]],
    ['a Huffman table with a byte more', 0xc4, [0x10, ...HUFFMAN_COUNTS, 7, 9, 0]],
    ['a Huffman table class of 2', 0xc4, [0x20, ...HUFFMAN_COUNTS, 7, 9]],
    ['more than 256 Huffman codes', 0xc4, [0x10, ...Buffer.alloc(16, 17), ...Buffer.alloc(272)]],
    ['an odd arithmetic table list', 0xcc, [0x01, 0x10, 0x02]],
    ['a restart interval of 4 bytes', 0xdd, [0, 16, 0, 0]],
    ['a line count of 3 bytes', 0xdc, [0, 64, 0]],
    ['a frame header with a byte more', 0xc2, [8, 0, 64, 0, 96, 1, 1, 0x11, 0, 0]],
    ['a frame header without components', 0xc0, [8, 0, 64, 0, 96, 0]],
    ['a scan header with a byte more', 0xda, [1, 1, 0, 0, 63, 0, 0]],
    ['a scan header of 5 components', 0xda, [5, ...Buffer.alloc(13)]],
    ['an EXP of 2 bytes', 0xdf, [0x11, 0]],
  ])('finds %s', (_title, marker, payload) => {
    expect(findImageSegmentProblem(marker, Buffer.from(payload))).not.toBeNull();
  });

  it('ignores markers that define no image data', () => {
    expect(findImageSegmentProblem(0xfe, Buffer.from('any comment'))).toBeNull();
  });
});
