import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../shared/errors.js';
import type { ImageFormat } from '../strip/strip-result.js';

/**
 * The largest image, in pixels, that the lossy opt-ins decode: sharp's own default
 * (0x3FFF × 0x3FFF), set explicitly so a hostile file cannot make sharp allocate more.
 */
export const MAX_INPUT_PIXELS = 268_402_689;

/** Pixel changes that a re-encode applies. */
export interface ReencodeChanges {
  /** Rotate and mirror the pixels by the EXIF orientation, which is then dropped. */
  readonly bakeOrientation: boolean;
  /** Convert the pixels to sRGB and embed an sRGB profile. */
  readonly convertToSrgb: boolean;
}

/** Opens `bytes` in sharp with the pixel limit that every decode in production uses. */
export function openImage(bytes: Uint8Array): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS });
}

/**
 * Decodes and re-encodes an image in its own format at high quality, applying `changes`. The
 * output keeps the input's EXIF and ICC profile (or gets an sRGB profile after conversion);
 * XMP, IPTC and other blocks are dropped. The output still needs stripping.
 *
 * @throws AppError `E_UNSUPPORTED_FORMAT` for formats other than JPEG and PNG, and for CMYK
 *   images when only the orientation is baked.
 */
export async function reencodeImage(
  bytes: Uint8Array,
  format: ImageFormat,
  metadata: Metadata,
  changes: ReencodeChanges,
): Promise<Uint8Array> {
  // The EXIF goes along so the stripper can keep what the policy keeps (orientation, capture
  // date, copyright) and remove the rest, as for any other input.
  let image = openImage(bytes).keepExif();
  if (changes.bakeOrientation) {
    image = image.autoOrient();
  }
  if (changes.convertToSrgb) {
    image = image.toColorspace('srgb').withIccProfile('srgb');
  } else if (metadata.space === 'cmyk') {
    // sharp writes sRGB pixels by default, which would then carry the CMYK profile kept below.
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      'Baking the orientation of a CMYK image is not supported; keep the orientation, or convert it to sRGB as well.',
    );
  } else {
    image = image.keepIccProfile();
  }
  return encodeAs(image, format).toBuffer();
}

function encodeAs(image: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 95, chromaSubsampling: '4:4:4' });
    case 'png':
      return image.png();
    default:
      throw new AppError(
        'E_UNSUPPORTED_FORMAT',
        `Baking the orientation or converting to sRGB is not supported for ${format.toUpperCase()} files.`,
      );
  }
}
