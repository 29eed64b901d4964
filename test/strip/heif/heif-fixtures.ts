import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { reportMissingDependency } from '../../helpers/ci.js';
import { getExifTool } from '../../helpers/exiftool.js';
import { createTempDir } from '../../helpers/temp-dir.js';

const run = promisify(execFile);

/** Options for the generated HEIF and AVIF test images. */
export interface HeifFixtureOptions {
  /** @default 64 */
  readonly width?: number;
  /** @default 48 */
  readonly height?: number;
  /** Adds an alpha channel, which becomes an auxiliary image. */
  readonly hasAlpha?: boolean;
}

/** Made-up identifying tags: GPS, camera, serial number, owner, capture date and XMP. */
export const DIRTY_HEIF_TAGS = {
  GPSLatitude: 48.8584,
  GPSLatitudeRef: 'N',
  GPSLongitude: 2.2945,
  GPSLongitudeRef: 'E',
  Make: 'TestCam',
  Model: 'TestCam One',
  SerialNumber: 'SN-0001',
  Artist: 'Test Person',
  DateTimeOriginal: '2024:05:01 12:34:56',
  'XMP-dc:Creator': 'Test Person',
  'XMP-photoshop:City': 'Paris',
} as const;

/** Noise, so that every pixel differs and a shifted or dropped byte shows in the decode. */
function createNoise(options: HeifFixtureOptions): Sharp {
  const channels = options.hasAlpha === true ? 4 : 3;
  return sharp({
    create: {
      width: options.width ?? 64,
      height: options.height ?? 48,
      channels,
      background: { r: 0, g: 0, b: 0, alpha: 0.5 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
}

/** Writes an AVIF made by sharp, without metadata. */
export async function createAvif(options: HeifFixtureOptions = {}): Promise<Buffer> {
  return createNoise(options).avif({ quality: 80 }).toBuffer();
}

/** Writes made-up identifying tags, and the orientation if given, with ExifTool. */
export async function writeDirtyTags(filePath: string, orientation?: number): Promise<void> {
  const extra = orientation === undefined ? {} : { 'Orientation#': orientation };
  await getExifTool().write(
    filePath,
    { ...DIRTY_HEIF_TAGS, ...extra },
    { writeArgs: ['-overwrite_original'] },
  );
}

/** Writes an AVIF made by sharp into a temp folder, with ExifTool's Exif and XMP items. */
export async function createDirtyAvif(options: HeifFixtureOptions = {}): Promise<Buffer> {
  const filePath = path.join(await createTempDir('metaclear-heif-'), 'dirty.avif');
  await writeFile(filePath, await createAvif(options));
  await writeDirtyTags(filePath);
  return readFile(filePath);
}

/** Returns true when `command` runs, after a loud warning (an error under CI) when it does not. */
async function hasCommand(command: string, probe: readonly string[]): Promise<boolean> {
  try {
    await run(command, [...probe]);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ENOENT') {
      // The tool exists but exits non-zero for the probe, as heif-convert does for -h.
      return true;
    }
    reportMissingDependency(command, 'Install it with `apt-get install libheif-examples`.');
    return false;
  }
}

let heifToolsAvailable: Promise<boolean> | undefined;

/**
 * Returns true when libheif's `heif-enc` and `heif-convert` run. Without them it warns loudly
 * (throws under `METACLEAR_CI=1`), and HEIC tests skip.
 */
export function areHeifToolsAvailable(): Promise<boolean> {
  heifToolsAvailable ??= (async () =>
    (await hasCommand('heif-enc', ['--list-encoders'])) &&
    (await hasCommand('heif-convert', ['-h'])))();
  return heifToolsAvailable;
}

/** Options for {@link createHeic}. */
export interface HeicOptions extends HeifFixtureOptions {
  /** Adds a thumbnail item of this maximum size, which heif-enc links with `thmb`. */
  readonly thumbnailSize?: number;
}

/**
 * Writes a HEIC encoded by libheif's `heif-enc` (x265) from a PNG made by sharp, and returns
 * its path. Call {@link areHeifToolsAvailable} first.
 */
export async function createHeic(options: HeicOptions = {}): Promise<string> {
  const dir = await createTempDir('metaclear-heic-');
  const pngPath = path.join(dir, 'source.png');
  const heicPath = path.join(dir, 'image.heic');
  await createNoise(options).png().toFile(pngPath);
  const thumbnail =
    options.thumbnailSize === undefined ? [] : ['-t', String(options.thumbnailSize)];
  await run('heif-enc', ['-q', '90', ...thumbnail, '-o', heicPath, pngPath]);
  return heicPath;
}

/**
 * Decodes every top-level image of a HEIF file with libheif's `heif-convert` and returns the
 * raw YUV files it writes (YUV4MPEG2: a one-line header, then the planes). Comparing those
 * bytes compares the decoded samples exactly. Y4M is used instead of PNG because it carries
 * no copy of the file's Exif or ICC profile (libpng even rejects some iPhone profiles) and is
 * ten times faster to write for a 12 MP photo. Y4M has no alpha plane.
 */
export async function decodeWithLibheif(bytes: Uint8Array): Promise<Buffer[]> {
  const dir = await createTempDir('metaclear-heif-convert-');
  const inputPath = path.join(dir, 'image.heic');
  await writeFile(inputPath, bytes);
  await run('heif-convert', ['--quiet', inputPath, path.join(dir, 'decoded.y4m')]);
  const decoded = (await readdir(dir)).filter((name) => name.endsWith('.y4m')).sort();
  return Promise.all(decoded.map((name) => readFile(path.join(dir, name))));
}
