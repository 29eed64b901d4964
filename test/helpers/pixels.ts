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
