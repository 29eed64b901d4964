import { describe, expect, it } from 'vitest';
import { createIccSegments } from '../../../src/strip/jpeg/create-icc-segments.js';

describe('createIccSegments', () => {
  it('puts a small profile in one numbered chunk', () => {
    const [segment, ...rest] = createIccSegments(new Uint8Array(500).fill(7));

    expect(rest).toEqual([]);
    expect(Buffer.from(segment ?? []).subarray(0, 4)).toEqual(
      Buffer.from([0xff, 0xe2, 0x02, 0x04]), // length 2 + 14 + 500,
    );
    expect(
      Buffer.from(segment ?? [])
        .subarray(4, 16)
        .toString('latin1'),
    ).toBe('ICC_PROFILE\0');
    expect([segment?.[16], segment?.[17]]).toEqual([1, 1]);
  });

  it('splits a large profile and keeps its bytes in order', () => {
    const profile = Buffer.alloc(150_000);
    for (let index = 0; index < profile.length; index += 1) {
      profile[index] = index % 251;
    }

    const segments = createIccSegments(profile);

    expect(segments.length).toBe(3);
    segments.forEach((segment, index) => {
      expect([segment[16], segment[17]]).toEqual([index + 1, 3]);
      expect(segment.length).toBeLessThanOrEqual(2 + 0xffff);
    });
    const joined = Buffer.concat(segments.map((segment) => segment.subarray(18)));
    expect(joined.equals(profile)).toBe(true);
  });
});
