import sharp from 'sharp';
import { getExifTool } from '../helpers/exiftool.js';

/** A small solid image; its size and colour do not matter to the CLI. */
const CREATE_OPTIONS = {
  create: { width: 24, height: 16, channels: 3, background: { r: 200, g: 120, b: 40 } },
} as const;

/**
 * Writes a JPEG made by sharp, then adds made-up GPS, camera, owner and date tags and an
 * orientation with ExifTool, an independent writer.
 */
export async function createDirtyJpeg(filePath: string): Promise<void> {
  await sharp(CREATE_OPTIONS).jpeg({ quality: 90 }).toFile(filePath);
  await getExifTool().write(
    filePath,
    {
      GPSLatitude: 48.8584,
      GPSLatitudeRef: 'N',
      GPSLongitude: 2.2945,
      GPSLongitudeRef: 'E',
      Make: 'TestCam',
      Model: 'TestCam One',
      SerialNumber: 'SN-0001',
      Artist: 'Test Person',
      DateTimeOriginal: '2024:05:01 12:34:56',
      'Orientation#': 6,
    },
    { writeArgs: ['-overwrite_original'] },
  );
}

/** Writes a JPEG made by sharp with no metadata at all. */
export async function createCleanJpeg(filePath: string): Promise<void> {
  await sharp(CREATE_OPTIONS).jpeg({ quality: 90 }).toFile(filePath);
}

/** Writes a PNG made by sharp, then adds made-up GPS and a text chunk with ExifTool. */
export async function createDirtyPng(filePath: string): Promise<void> {
  await sharp(CREATE_OPTIONS).png().toFile(filePath);
  await getExifTool().write(
    filePath,
    {
      GPSLatitude: 51.5007,
      GPSLatitudeRef: 'N',
      GPSLongitude: 0.1246,
      GPSLongitudeRef: 'W',
      Comment: 'made-up test comment',
    },
    { writeArgs: ['-overwrite_original'] },
  );
}
