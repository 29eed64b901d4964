import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { getExifTool } from '../helpers/exiftool.js';

/** A file that fuzz cases mutate. */
export interface FuzzSeed {
  /** The corpus path, or `generated/<name>` for a file made here. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Made-up identifying tags in every metadata family ExifTool writes: EXIF, GPS, XMP, IPTC. */
const DIRTY_TAGS = {
  GPSLatitude: 48.8584,
  GPSLatitudeRef: 'N',
  GPSLongitude: 2.2945,
  GPSLongitudeRef: 'E',
  Make: 'FuzzCam',
  Model: 'FuzzCam One',
  SerialNumber: 'SN-FUZZ',
  Artist: 'Fuzz Person',
  DateTimeOriginal: '2024:05:01 12:34:56',
  'Orientation#': 6,
  'XMP-dc:Creator': 'Fuzz Person',
  'XMP-photoshop:City': 'Fuzz City',
} as const;

/** Extra tags only some formats take: a comment, and IPTC for JPEG. */
const EXTRA_TAGS: Readonly<Record<string, Record<string, string>>> = {
  jpg: { Comment: 'fuzz comment', 'IPTC:By-line': 'Fuzz Person' },
  png: { 'PNG:Comment': 'fuzz comment' },
  gif: { Comment: 'fuzz comment' },
};

const ENCODERS: Readonly<Record<string, (image: Sharp) => Sharp>> = {
  jpg: (image) => image.jpeg({ quality: 90 }),
  png: (image) => image.png(),
  webp: (image) => image.webp({ quality: 80 }),
  gif: (image) => image.gif(),
  tif: (image) => image.tiff({ compression: 'lzw' }),
  avif: (image) => image.avif({ quality: 50, effort: 0 }),
};

/**
 * Writes one small image per format into `dir`, with pixels made here and metadata written by
 * ExifTool, and returns them as fuzz seeds. The pixels come from a fixed pattern rather than
 * sharp's random noise, so the same run seed always yields the same cases.
 */
export async function createFuzzSeeds(dir: string): Promise<FuzzSeed[]> {
  const seeds: FuzzSeed[] = [];
  for (const [extension, encode] of Object.entries(ENCODERS)) {
    const filePath = path.join(dir, `dirty.${extension}`);
    await encode(createPattern()).toFile(filePath);
    const tags = { ...DIRTY_TAGS, ...EXTRA_TAGS[extension] };
    await getExifTool().write(filePath, tags, { writeArgs: ['-overwrite_original', '-m'] });
    // A plain Uint8Array, because Buffer#slice returns a view that a transfer would detach.
    const bytes = new Uint8Array(await readFile(filePath));
    seeds.push({ name: `generated/dirty.${extension}`, bytes });
  }
  return seeds;
}

/** Creates a 48×32 RGB image with a deterministic pattern that still has some texture. */
function createPattern(): Sharp {
  const width = 48;
  const height = 32;
  const pixels = Buffer.alloc(width * height * 3);
  for (let index = 0; index < pixels.length; index += 1) {
    const pixel = Math.floor(index / 3);
    const x = pixel % width;
    const y = Math.floor(pixel / width);
    pixels[index] = (x * 37 + y * 91 + (index % 3) * 53 + ((x * y) % 17) * 11) % 256;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}
