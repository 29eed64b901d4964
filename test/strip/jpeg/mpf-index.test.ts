import { describe, expect, it } from 'vitest';
import {
  buildMpfSegment,
  getMpfImageType,
  MPF_HEADER_OFFSET,
  readMpfIndex,
} from '../../../src/strip/jpeg/mpf-index.js';
import { createMpfSegment } from './jpeg-fixtures.js';

describe('buildMpfSegment', () => {
  it('round-trips its entries', () => {
    const entries = [
      { attributes: 0x20030000, size: 1000, offset: 0 },
      { attributes: 0x00020002, size: 500, offset: 920 },
    ];
    const segment = buildMpfSegment(entries);

    expect(readMpfIndex(segment.subarray(4))).toEqual(entries);
    expect(segment.length).toBe(MPF_HEADER_OFFSET + 50 + 32);
  });

  it('clears the dependent-image flags', () => {
    const segment = buildMpfSegment([{ attributes: 0xa0030000, size: 1, offset: 0 }]);

    expect(readMpfIndex(segment.subarray(4))?.[0]?.attributes).toBe(0x20030000);
  });
});

describe('readMpfIndex', () => {
  it('reads an index another writer built', () => {
    const entries = readMpfIndex(createMpfSegment(300, 100).subarray(4));

    expect(entries).toEqual([
      { attributes: 0x20030000, size: 0, offset: 0 },
      { attributes: 0, size: 100, offset: 300 },
    ]);
  });

  it('returns null without an MP entry table', () => {
    const segment = Buffer.from(createMpfSegment(300, 100));
    segment.writeUInt16BE(0xb0ff, 4 + 4 + 34); // renames the MPEntry tag

    expect(readMpfIndex(segment.subarray(4))).toBeNull();
  });

  it('returns null for another APP2 payload', () => {
    expect(readMpfIndex(Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'))).toBeNull();
  });
});

describe('getMpfImageType', () => {
  it.each([
    [0x20030000, 'primary'],
    [0x00010001, 'thumbnail'],
    [0x00010002, 'thumbnail'],
    [0x00020002, 'multi-frame'],
    [0x00020001, 'multi-frame'],
    [0x00000000, 'undefined'],
  ])('names attributes %s', (attributes, type) => {
    expect(getMpfImageType(attributes)).toBe(type);
  });
});
