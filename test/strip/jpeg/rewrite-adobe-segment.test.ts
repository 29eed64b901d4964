import { describe, expect, it } from 'vitest';
import { readJpegSegments, type JpegSegment } from '../../../src/strip/jpeg/read-jpeg-segments.js';
import { rewriteAdobeSegment } from '../../../src/strip/jpeg/rewrite-adobe-segment.js';
import { createAdobeSegment, createSegment } from './jpeg-fixtures.js';

/** Returns the first segment of a minimal file holding only `segment`. */
function firstSegmentOf(segment: Buffer): JpegSegment {
  const file = Buffer.concat([Buffer.from([0xff, 0xd8]), segment, Buffer.from([0xff, 0xd9])]);
  const [first] = readJpegSegments(file).segments;
  if (first === undefined) {
    throw new Error('no segment');
  }
  return first;
}

describe('rewriteAdobeSegment', () => {
  it('returns a 12-byte segment as it is', () => {
    const segment = firstSegmentOf(createAdobeSegment(2));

    expect(rewriteAdobeSegment(segment)).toBe(segment.bytes);
  });

  it('cuts the bytes after the transform', () => {
    const rewrite = rewriteAdobeSegment(firstSegmentOf(createAdobeSegment(2, Buffer.from('x'))));

    expect(Buffer.from(rewrite ?? []).equals(createAdobeSegment(2))).toBe(true);
  });

  it('returns null for a segment decoders cannot read', () => {
    expect(rewriteAdobeSegment(firstSegmentOf(createSegment(0xee, 'Adobe\0d\0\0\0\0')))).toBeNull();
  });
});
