import sharp, { type Sharp } from 'sharp';
import { listIdentifyingTags, readAllTags } from '../../helpers/exiftool.js';
import { writeFixtureFile, writeMetadata } from '../../helpers/png-fixtures.js';
import { createRgbPageEntries, type TestPage } from './tiff-builder.js';

/** The compression schemes sharp's `.tiff()` writes. */
export type SharpTiffCompression = 'none' | 'lzw' | 'deflate' | 'jpeg';

/** Options for {@link createSharpTiff}. */
export interface SharpTiffOptions {
  /** @default 'deflate' */
  readonly compression?: SharpTiffCompression;
  /** Writes 16×16 tiles instead of strips. @default false */
  readonly tiled?: boolean;
  /** The number of pages, each with other pixels. @default 1 */
  readonly pages?: number;
  /** Embeds one of sharp's bundled ICC profiles, such as `'p3'`. */
  readonly icc?: string;
}

const WIDTH = 40;
const HEIGHT = 24;

/** Creates noise, so that any changed or reordered byte changes the decoded pixels. */
function createNoise(red: number, width = WIDTH, height = HEIGHT): Sharp {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: red, g: 60, b: 120 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
}

/** Creates a TIFF with sharp: one page, or several joined as the pages of one file. */
export async function createSharpTiff(options: SharpTiffOptions = {}): Promise<Buffer> {
  const { compression = 'deflate', tiled = false, pages = 1, icc } = options;
  const tiff = { compression, ...(tiled ? { tile: true, tileWidth: 16, tileHeight: 16 } : {}) };
  if (pages === 1) {
    const image = createNoise(0);
    return (icc === undefined ? image : image.withIccProfile(icc)).tiff(tiff).toBuffer();
  }
  const pngs = await Promise.all(
    Array.from({ length: pages }, (_, index) =>
      createNoise(index * 70)
        .png()
        .toBuffer(),
    ),
  );
  return sharp(pngs, { join: { animated: true } })
    .tiff(tiff)
    .toBuffer();
}

/** Creates an uncompressed RGB page for {@link buildTiff}: noise pixels in one strip. */
export async function createRgbPage(red: number, width = 12, height = 8): Promise<TestPage> {
  const pixels = await createNoise(red, width, height).raw().toBuffer();
  return { entries: createRgbPageEntries(width, height), strips: [pixels] };
}

/** Writes metadata into a copy of a TIFF with ExifTool, given raw ExifTool arguments. */
export async function writeTiffMetadata(
  tiff: Uint8Array,
  args: readonly string[],
): Promise<Buffer> {
  return writeMetadata(tiff, args, 'tif');
}

/** Reads every tag ExifTool finds in a TIFF. Never print the values. */
export async function readTiffTags(tiff: Uint8Array): Promise<Record<string, unknown>> {
  return readAllTags(await writeFixtureFile(tiff, 'tif'));
}

/** Returns the names of the tags in a TIFF that could identify a person, place or device. */
export async function listIdentifyingTiffTags(tiff: Uint8Array): Promise<string[]> {
  return listIdentifyingTags(await readTiffTags(tiff));
}

/** Decoded pixels of one page. */
export interface DecodedPage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

/** Decodes every page of a TIFF with sharp, ignoring orientation and colour profiles. */
export async function decodeTiffPages(tiff: Uint8Array): Promise<DecodedPage[]> {
  const { pages = 1 } = await sharp(tiff).metadata();
  return Promise.all(
    Array.from({ length: pages }, async (_, page) => {
      const { data, info } = await sharp(tiff, { page, failOn: 'none' })
        .keepIccProfile()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height, channels: info.channels };
    }),
  );
}
