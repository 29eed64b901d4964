import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { getExifTool, listIdentifyingTags, readAllTags } from './exiftool.js';
import { createTempDir } from './temp-dir.js';

/** Options for {@link createPng}. */
export interface CreatePngOptions {
  /** @default 12 */
  readonly width?: number;
  /** @default 8 */
  readonly height?: number;
  /** @default 3 */
  readonly channels?: 3 | 4;
  /** Writes a palette PNG (PLTE, plus tRNS with 4 channels). @default false */
  readonly palette?: boolean;
  /** Embeds one of sharp's bundled ICC profiles, such as `'p3'`. */
  readonly icc?: string;
  /** Background colour; frames of an APNG differ by it. @default '#3a6ea5' */
  readonly background?: string;
}

/** Creates a PNG with sharp, with pixels that vary across the image so decoding is tested. */
export async function createPng(options: CreatePngOptions = {}): Promise<Buffer> {
  const { width = 12, height = 8, channels = 3, palette = false, icc, background } = options;
  const stripe = await sharp({
    create: { width: Math.ceil(width / 3), height, channels, background: '#f0c020' },
  })
    .png()
    .toBuffer();
  let image = sharp({
    create: { width, height, channels, background: background ?? '#3a6ea5' },
  }).composite([{ input: stripe, left: 0, top: 0 }]);
  if (icc !== undefined) {
    image = image.withIccProfile(icc);
  }
  return image.png({ palette }).toBuffer();
}

let fixtureDir: string | undefined;

async function getFixtureDir(): Promise<string> {
  fixtureDir ??= await createTempDir('metaclear-png-');
  return fixtureDir;
}

/** Forgets the fixture folder; call it after `removeTempDirs()`. */
export function resetPngFixtureDir(): void {
  fixtureDir = undefined;
}

let fileCounter = 0;

/** Writes bytes to a fresh file in the fixture folder and returns its path. */
export async function writeFixtureFile(bytes: Uint8Array, extension = 'png'): Promise<string> {
  fileCounter += 1;
  const file = path.join(await getFixtureDir(), `fixture-${fileCounter}.${extension}`);
  await writeFile(file, bytes);
  return file;
}

/**
 * Writes metadata into a copy of an image with ExifTool, given raw ExifTool arguments such as
 * `-PNG:Comment=text` or `-Orientation#=6`, and returns the new bytes. ExifTool checks that
 * `extension` matches the content.
 */
export async function writeMetadata(
  image: Uint8Array,
  args: readonly string[],
  extension = 'png',
): Promise<Buffer> {
  const file = await writeFixtureFile(image, extension);
  await getExifTool().write(file, {}, { writeArgs: ['-overwrite_original', ...args] });
  return readFile(file);
}

/** Reads every tag ExifTool finds in `bytes`. Never print the values. */
export async function readTags(bytes: Uint8Array): Promise<Record<string, unknown>> {
  return readAllTags(await writeFixtureFile(bytes));
}

/** Returns the names of the tags in `bytes` that could identify a person, place or device. */
export async function listIdentifyingTagsOf(bytes: Uint8Array): Promise<string[]> {
  return listIdentifyingTags(await readTags(bytes));
}
