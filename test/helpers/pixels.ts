import sharp from 'sharp';

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
