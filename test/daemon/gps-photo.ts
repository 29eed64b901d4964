import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { corpusFile } from '../helpers/corpus.js';
import { getExifTool } from '../helpers/exiftool.js';

/** A phone JPEG from the corpus with EXIF GPS, an ICC profile and no MPF index. */
const CORPUS_GPS_PHOTO = 'files/drewnoakes-metadata-extractor-images/Apple iPhone 4.jpg';

/**
 * Writes a JPEG with GPS coordinates to `dir` and returns its path: the corpus phone photo
 * when the corpus is present, else a sharp-made JPEG with GPS written by ExifTool.
 */
export async function createGpsPhoto(dir: string, name = 'phone.jpg'): Promise<string> {
  const target = path.join(dir, name);
  const corpusPhoto = corpusFile(CORPUS_GPS_PHOTO);
  if (corpusPhoto !== null) {
    await copyFile(corpusPhoto, target);
    return target;
  }
  await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6ea5' } })
    .jpeg({ quality: 90 })
    .toFile(target);
  await getExifTool().write(
    target,
    { GPSLatitude: 48.8584, GPSLatitudeRef: 'N', GPSLongitude: 2.2945, GPSLongitudeRef: 'E' },
    { writeArgs: ['-overwrite_original'] },
  );
  return target;
}

/** Returns the names (never values) of the GPS tags ExifTool finds in a file. */
export async function listGpsTags(filePath: string): Promise<string[]> {
  const tags = await getExifTool().readRaw(filePath, { readArgs: ['-G0:1', '-a', '-s'] });
  return Object.keys(tags).filter((name) => name.includes('GPS'));
}
