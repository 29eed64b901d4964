import { describe, expect, it } from 'vitest';
import { readJpegSegments } from '../../../src/strip/jpeg/read-jpeg-segments.js';
import { rewriteJfif } from '../../../src/strip/jpeg/rewrite-jfif.js';
import { createJfifSegment, createSegment } from './jpeg-fixtures.js';

function firstSegmentOf(segment: Buffer): ReturnType<typeof readJpegSegments>['segments'][number] {
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), segment, Buffer.from([0xff, 0xd9])]);
  const first = readJpegSegments(jpeg).segments[0];
  if (first === undefined) {
    throw new Error('no segment');
  }
  return first;
}

describe('rewriteJfif', () => {
  it('leaves a JFIF segment without thumbnail unchanged', () => {
    const segment = createJfifSegment();

    const rewrite = rewriteJfif(firstSegmentOf(segment));

    expect(rewrite?.isUnchanged).toBe(true);
    expect(Buffer.from(rewrite?.segment ?? []).equals(segment)).toBe(true);
  });

  it('drops the thumbnail and keeps the density', () => {
    const rewrite = rewriteJfif(firstSegmentOf(createJfifSegment(4, 3)));

    expect(rewrite?.hadThumbnail).toBe(true);
    expect(rewrite?.isUnchanged).toBe(false);
    expect(Buffer.from(rewrite?.segment ?? []).equals(createJfifSegment())).toBe(true);
  });

  it('zeroes a thumbnail size with one zero side', () => {
    // Found by fuzzing: a 0×64 thumbnail was kept as is, and verification then rejected it.
    const rewrite = rewriteJfif(firstSegmentOf(createJfifSegment(0, 64)));

    expect(rewrite?.isUnchanged).toBe(false);
    expect(rewrite?.hadThumbnail).toBe(true);
    expect(Buffer.from(rewrite?.segment ?? []).equals(createJfifSegment())).toBe(true);
  });

  it('reports bytes beyond the thumbnail', () => {
    const padded = createSegment(
      0xe0,
      Buffer.concat([createJfifSegment().subarray(4), Buffer.alloc(6)]),
    );

    const rewrite = rewriteJfif(firstSegmentOf(padded));

    expect(rewrite?.hadExtraBytes).toBe(true);
    expect(rewrite?.segment.length).toBe(18);
  });

  it('returns null for a payload too short to be JFIF', () => {
    expect(rewriteJfif(firstSegmentOf(createSegment(0xe0, 'JFIF\0\x01')))).toBeNull();
  });
});
