import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readJpegSegments } from '../../src/strip/jpeg/read-jpeg-segments.js';
import { collectJpegInputParts } from '../../src/verify/collect-jpeg-parts.js';
import { findInputImages } from '../../src/verify/find-input-images.js';

/** Makes a small JPEG with an EXIF segment. */
function createDirtyJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Test Person' } })
    .toBuffer();
}

describe('findInputImages', () => {
  it('keeps the walk of the primary image', async () => {
    const input = await createDirtyJpeg();

    const [primary] = findInputImages(input);

    expect(primary.bytes).toBe(input);
    expect(primary.structure).toEqual(readJpegSegments(input));
  });

  it('collects the same parts from the kept walk', async () => {
    const input = await createDirtyJpeg();
    const [primary] = findInputImages(input);

    expect(collectJpegInputParts(input, primary.structure)).toEqual(collectJpegInputParts(input));
  });

  it('keeps no walk of bytes that are not a JPEG', () => {
    const input = new TextEncoder().encode('not a jpeg');

    const images = findInputImages(input);

    expect(images).toHaveLength(1);
    expect(images[0].structure).toBeNull();
  });
});
