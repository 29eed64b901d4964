import { beforeAll, describe, expect, it } from 'vitest';
import { isJpegComplete } from '../../../src/strip/jpeg/is-jpeg-complete.js';
import { MAX_JPEG_SEGMENTS } from '../../../src/strip/jpeg/jpeg-marker-cursor.js';
import { readJpegSegments } from '../../../src/strip/jpeg/read-jpeg-segments.js';
import { createJpeg, createMpfSegment, insertAfterSoi } from './jpeg-fixtures.js';
import { createMultiPictureJpeg, MP_ATTRIBUTES } from './mpf-fixtures.js';

let base: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  base = await createJpeg();
});

/**
 * Builds a primary JPEG with an MPF index and a second image appended after its EOI, the way gain
 * maps and stereo pairs are stored.
 */
function createMultiPicture(secondImage: Buffer): Buffer {
  return createMultiPictureJpeg({
    primary: base,
    images: [{ bytes: secondImage, attributes: MP_ATTRIBUTES.disparity }],
  });
}

describe('isJpegComplete', () => {
  it('returns true for a whole JPEG', () => {
    expect(isJpegComplete(base)).toBe(true);
  });

  it('returns false for every cut-off prefix', () => {
    for (let length = 0; length < base.length; length += 1) {
      expect(isJpegComplete(base.subarray(0, length)), `cut at ${length}`).toBe(false);
    }
  });

  it('returns true once every MPF image is present', () => {
    const whole = createMultiPicture(base);

    expect(isJpegComplete(whole)).toBe(true);
  });

  it('returns false while an MPF image is still missing', () => {
    const whole = createMultiPicture(base);

    expect(isJpegComplete(whole.subarray(0, whole.length - 10))).toBe(false);
  });

  it('returns true for an index of another file', () => {
    // The first entry gives the primary image a size of 0, so the index was copied from
    // another file, and its images will never arrive.
    const copied = insertAfterSoi(base, createMpfSegment(base.length, 100));

    expect(isJpegComplete(copied)).toBe(true);
  });

  it('returns true for a corrupt file', () => {
    const garbageAfterSoi = Buffer.concat([base.subarray(0, 2), Buffer.from('not a marker')]);

    expect(() => readJpegSegments(garbageAfterSoi)).toThrow(
      expect.objectContaining({ code: 'E_CORRUPT' }),
    );
    expect(isJpegComplete(garbageAfterSoi)).toBe(true);
  });

  it('returns true past the segment limit', () => {
    // The stripper rejects a file with this many segments whatever follows, so waiting for its
    // end would only keep the walk going.
    const emptyComment = Buffer.from([0xff, 0xfe, 0x00, 0x02]);
    const unfinished = Buffer.concat([
      base.subarray(0, 2),
      Buffer.alloc(emptyComment.length * (MAX_JPEG_SEGMENTS + 1), emptyComment),
    ]);

    expect(isJpegComplete(unfinished)).toBe(true);
    expect(isJpegComplete(unfinished.subarray(0, 1000))).toBe(false);
  });
});
