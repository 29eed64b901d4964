import { describe, expect, it } from 'vitest';
import { formatByteSize } from '../../src/cli/format-byte-size.js';

describe('formatByteSize', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1.0 kB'],
    [1_500, '1.5 kB'],
    [34_200_000, '34 MB'],
    [9_949_999, '9.9 MB'],
    [1_500_000_000, '1.5 GB'],
    [2_000_000_000_000, '2.0 TB'],
    [5_000_000_000_000_000, '5000 TB'],
  ])('formats %d as %j', (bytes, expected) => {
    expect(formatByteSize(bytes)).toBe(expected);
  });
});
