import sharp, { type Sharp } from 'sharp';
import { getExifTool } from './exiftool.js';

/** Options for the generated test images. */
export interface FixtureOptions {
  /** @default 48 */
  readonly width?: number;
  /** @default 32 */
  readonly height?: number;
  /** EXIF orientation written by ExifTool; none when left out. */
  readonly orientation?: number;
}

/** Made-up identifying tags: GPS, camera, serial number, owner and capture date. */
const DIRTY_TAGS = {
  GPSLatitude: 48.8584,
  GPSLatitudeRef: 'N',
  GPSLongitude: 2.2945,
  GPSLongitudeRef: 'E',
  Make: 'TestCam',
  Model: 'TestCam One',
  SerialNumber: 'SN-0001',
  Artist: 'Test Person',
  DateTimeOriginal: '2024:05:01 12:34:56',
} as const;

/** Noise, so that a rotated or mirrored image differs from the original pixel by pixel. */
function createNoise(options: FixtureOptions): Sharp {
  return sharp({
    create: {
      width: options.width ?? 48,
      height: options.height ?? 32,
      channels: 3,
      background: { r: 0, g: 0, b: 0 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
}

async function writeTags(filePath: string, options: FixtureOptions): Promise<void> {
  const orientation =
    options.orientation === undefined ? {} : { 'Orientation#': options.orientation };
  await getExifTool().write(
    filePath,
    { ...DIRTY_TAGS, ...orientation },
    { writeArgs: ['-overwrite_original'] },
  );
}

/** Writes a JPEG made by sharp, then made-up identifying tags written by ExifTool. */
export async function createDirtyJpeg(
  filePath: string,
  options: FixtureOptions = {},
): Promise<void> {
  await createNoise(options).jpeg({ quality: 90 }).toFile(filePath);
  await writeTags(filePath, options);
}

/** Writes a PNG made by sharp, then made-up identifying tags (an `eXIf` chunk) from ExifTool. */
export async function createDirtyPng(
  filePath: string,
  options: FixtureOptions = {},
): Promise<void> {
  await createNoise(options).png().toFile(filePath);
  await writeTags(filePath, options);
}

/** Writes a JPEG made by sharp with no metadata at all. */
export async function createCleanJpeg(
  filePath: string,
  options: FixtureOptions = {},
): Promise<void> {
  await createNoise(options).jpeg({ quality: 90 }).toFile(filePath);
}

/** Writes a JPEG tagged with the Display P3 profile, plus identifying tags from ExifTool. */
export async function createDisplayP3Jpeg(filePath: string): Promise<void> {
  await createNoise({}).withIccProfile('p3').jpeg({ quality: 90 }).toFile(filePath);
  await writeTags(filePath, {});
}
