import sharp from 'sharp';
import { expect } from 'vitest';

/** Decoded pixels of an image, as sharp returns them without any orientation applied. */
export interface DecodedImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/**
 * Decodes an image to raw pixels with sharp, ignoring EXIF orientation and colour profiles.
 * `keepIccProfile()` stops sharp from converting through an embedded profile to sRGB, so the
 * stored sample values come out the same with or without the profile.
 */
export async function decodePixels(input: Buffer | Uint8Array | string): Promise<DecodedImage> {
  const { data, info } = await sharp(input, { failOn: 'none', limitInputPixels: 1e9 })
    .keepIccProfile()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Decoded pixels of every frame of an image, stacked top to bottom as sharp returns them. */
export interface DecodedFrames extends DecodedImage {
  /** The number of frames: 1 for a still image. */
  readonly frames: number;
}

/**
 * Decodes every frame of an animated GIF or WebP (or the one frame of a still image) to raw
 * pixels with sharp's `{ animated: true }`, which returns each frame at the full canvas size,
 * stacked top to bottom.
 */
export async function decodeFrames(input: Buffer | Uint8Array | string): Promise<DecodedFrames> {
  const { data, info } = await sharp(input, {
    animated: true,
    failOn: 'none',
    limitInputPixels: 1e9,
  })
    .keepIccProfile()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const frames = info.pages ?? 1;
  return { data, width: info.width, height: info.height, channels: info.channels, frames };
}

/**
 * Splits what {@link decodeFrames} returns into one image per frame. Each frame takes the same
 * number of bytes, so the split works whether sharp reports the canvas or the stacked height.
 */
export function splitFrames(decoded: DecodedFrames): DecodedImage[] {
  const frameBytes = decoded.data.length / decoded.frames;
  const frameHeight = frameBytes / (decoded.width * decoded.channels);
  return Array.from({ length: decoded.frames }, (_, index) => ({
    data: decoded.data.subarray(index * frameBytes, (index + 1) * frameBytes),
    width: decoded.width,
    height: frameHeight,
    channels: decoded.channels,
  }));
}

/** Asserts that two decodings contain as many images, each of the same size and pixels. */
export function expectSameImages(
  before: readonly DecodedImage[],
  after: readonly DecodedImage[],
): void {
  expect(after.length, 'image count').toBe(before.length);
  after.forEach((image, index) => {
    const expected = before[index];
    expect(image.width, `image ${index} width`).toBe(expected?.width);
    expect(image.height, `image ${index} height`).toBe(expected?.height);
    expect(image.channels, `image ${index} channels`).toBe(expected?.channels);
    const isSame = image.data.equals(expected?.data ?? Buffer.alloc(0));
    expect(isSame, `image ${index} pixels identical`).toBe(true);
  });
}
