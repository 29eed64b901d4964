// Generates the benchmark's inputs: camera-like JPEGs whose metadata ExifTool writes, a mixed
// batch copied from the real-image corpus, and the small PNGs of a screenshots folder.
import { ExifTool } from 'exiftool-vendored';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/** Formats of the mixed batch, as the corpus manifest names them. */
const MIXED_FORMATS = new Set(['JPEG', 'PNG', 'HEIC', 'Extended WEBP']);

/** Made-up identifying metadata of the kinds a phone or camera writes, never real values. */
const CAMERA_TAGS = {
  Make: 'BenchCam',
  Model: 'BenchCam Pro 12',
  SerialNumber: 'BC-000123456',
  LensModel: 'BenchCam 24-70mm f/2.8',
  LensSerialNumber: 'L-98765',
  Artist: 'Bench Person',
  Copyright: 'Bench Person, all rights reserved',
  Software: 'BenchCam Firmware 1.2.3',
  ImageDescription: 'A generated benchmark image',
  DateTimeOriginal: '2024:05:01 12:34:56',
  CreateDate: '2024:05:01 12:34:56',
  GPSLatitude: 48.8584,
  GPSLatitudeRef: 'N',
  GPSLongitude: 2.2945,
  GPSLongitudeRef: 'E',
  GPSAltitude: 35,
  'Orientation#': 6,
  'XMP-dc:Creator': 'Bench Person',
  'XMP-dc:Description': 'Generated for the MetaClear benchmark. '.repeat(100),
  'XMP-dc:Subject': ['benchmark', 'metadata', 'camera'],
  'XMP-photoshop:City': 'Paris',
  'XMP-xmp:CreatorTool': 'BenchCam Firmware 1.2.3',
  'IPTC:By-line': 'Bench Person',
  'IPTC:City': 'Paris',
  'IPTC:Keywords': ['benchmark', 'metadata'],
  Comment: 'Generated for the MetaClear benchmark',
};

/**
 * Writes a JPEG of `width`×`height` noise (the Gaussian `sigma` sets the file size) with an
 * sRGB ICC profile, then EXIF with GPS and an IFD1 thumbnail, XMP, IPTC and a comment written
 * by ExifTool.
 */
export async function createCameraJpeg(exiftool, filePath, { width, height, sigma }) {
  const background = { r: 90, g: 130, b: 170 };
  const noise = { type: 'gaussian', mean: 120, sigma };
  await sharp({ create: { width, height, channels: 3, background, noise } })
    .withIccProfile('srgb')
    .jpeg({ quality: 90 })
    .toFile(filePath);
  const thumbnailPath = `${filePath}.thumb.jpg`;
  await sharp(filePath).resize(160, 120).jpeg({ quality: 80 }).toFile(thumbnailPath);
  await exiftool.write(filePath, CAMERA_TAGS, [
    '-overwrite_original',
    `-ThumbnailImage<=${thumbnailPath}`,
  ]);
}

/** Copies `source` to `count` numbered files in `dir` and returns their total size. */
export async function copyNumbered(source, dir, count, extension = path.extname(source)) {
  await mkdir(dir, { recursive: true });
  for (let index = 0; index < count; index += 1) {
    const name = `IMG_${String(index).padStart(5, '0')}${extension}`;
    await copyFile(source, path.join(dir, name));
  }
}

/**
 * Copies the corpus's JPEG, PNG, HEIC and WebP files round-robin to `count` files in `dir`.
 * Returns null when the corpus is absent, else the files of each format.
 */
export async function createMixedBatch(corpusDir, dir, count) {
  const manifestPath = path.join(corpusDir, 'MANIFEST.tsv');
  if (!existsSync(manifestPath)) {
    return null;
  }
  const [header, ...rows] = readFileSync(manifestPath, 'utf8').split('\n').filter(Boolean);
  const columns = header.split('\t');
  const pathColumn = columns.indexOf('local_path');
  const formatColumn = columns.indexOf('format');
  const sources = rows
    .map((row) => row.split('\t'))
    .filter((cells) => MIXED_FORMATS.has(cells[formatColumn]))
    .map((cells) => ({
      path: path.join(corpusDir, cells[pathColumn]),
      format: cells[formatColumn],
    }));
  await mkdir(dir, { recursive: true });
  const formats = {};
  for (let index = 0; index < count; index += 1) {
    const source = sources[index % sources.length];
    const name = `${String(index).padStart(4, '0')}-${path.basename(source.path)}`;
    await copyFile(source.path, path.join(dir, name));
    formats[source.format] = (formats[source.format] ?? 0) + 1;
  }
  return { sourceFiles: sources.length, formats };
}

/** Returns a small clean PNG, and the same PNG with a text chunk and EXIF from ExifTool. */
export async function createScreenshotPngs(exiftool, dir) {
  await mkdir(dir, { recursive: true });
  const cleanPath = path.join(dir, 'clean.png');
  const background = { r: 30, g: 30, b: 30 };
  const noise = { type: 'gaussian', mean: 128, sigma: 30 };
  await sharp({ create: { width: 24, height: 16, channels: 3, background, noise } })
    .png()
    .toFile(cleanPath);
  const dirtyPath = path.join(dir, 'dirty.png');
  await copyFile(cleanPath, dirtyPath);
  await exiftool.write(dirtyPath, { Software: 'Screenshot Tool 2.0', 'PNG:Comment': 'captured' }, [
    '-overwrite_original',
  ]);
  return { clean: readFileSync(cleanPath), dirty: readFileSync(dirtyPath) };
}

/**
 * Writes `count` screenshots into `root` in folders of `perFolder`; every `dirtyEvery`-th file
 * (counting from 1) carries metadata and the rest are clean.
 */
export async function writeScreenshots(root, count, perFolder, pngs, dirtyEvery, prefix = 'shot') {
  for (let index = 0; index < count; index += 1) {
    const folder = path.join(root, `${prefix}s ${Math.floor(index / perFolder)}`);
    if (index % perFolder === 0) {
      await mkdir(folder, { recursive: true });
    }
    const bytes = (index + 1) % dirtyEvery === 0 ? pngs.dirty : pngs.clean;
    await writeFile(path.join(folder, `${prefix} ${index}.png`), bytes);
  }
}

/** Starts the ExifTool process that writes the inputs' metadata; call `end()` when done. */
export function startExifTool() {
  return new ExifTool({ maxProcs: 1, taskTimeoutMillis: 120_000 });
}
