import { ByteCursor } from './byte-cursor.js';
import { createCorruptError, createUnsupportedError } from './heif-errors.js';
import { readTopLevelBoxes, type IsoBox } from './read-boxes.js';
import { readHeifMeta, type HeifMeta } from './read-heif-meta.js';

/** A HEIF file: its top-level boxes, brands and parsed `meta` box. */
export interface HeifFile {
  readonly bytes: Uint8Array;
  readonly boxes: readonly IsoBox[];
  readonly fileType: IsoBox;
  /** The major brand, then every compatible brand. */
  readonly brands: readonly string[];
  readonly meta: HeifMeta;
}

/**
 * Major brands that the second reader (ExifReader 4.46) identifies as HEIF or AVIF. It reads no
 * other file by its major brand alone, so the cleaned file could never pass verification.
 */
const VERIFIABLE_MAJOR_BRANDS: ReadonlySet<string> = new Set([
  'heic',
  'heix',
  'hevc',
  'hevx',
  'heim',
  'heis',
  'hevm',
  'hevs',
  'mif1',
  'avif',
]);

/** Top-level boxes of movies and fragments: an image sequence or video track. */
const SEQUENCE_BOX_TYPES: ReadonlySet<string> = new Set(['moov', 'moof', 'mfra']);

/**
 * Reads a HEIF or AVIF still image file: `ftyp` first, then exactly one `meta` box among any
 * other top-level boxes.
 *
 * @throws {AppError} `E_UNSUPPORTED_FORMAT` for an image sequence or video (a `moov` or
 *   fragment box) and for a major brand that verification cannot read, `E_CORRUPT` for a missing `ftyp` or `meta` or a malformed box, and
 *   `E_TRUNCATED` when a top-level box runs past the end of the file.
 */
export function readHeifFile(bytes: Uint8Array): HeifFile {
  const boxes = readTopLevelBoxes(bytes);
  const [fileType] = boxes;
  if (fileType?.type !== 'ftyp') {
    throw createCorruptError("the file does not start with an 'ftyp' box");
  }
  const sequence = boxes.find((box) => SEQUENCE_BOX_TYPES.has(box.type));
  if (sequence !== undefined) {
    throw createUnsupportedError(
      `it contains an image sequence or video track (a '${sequence.type}' box), which MetaClear keeps only whole`,
    );
  }
  const metaBoxes = boxes.filter((box) => box.type === 'meta');
  const [metaBox] = metaBoxes;
  if (metaBox === undefined || metaBoxes.length > 1) {
    throw createCorruptError(`the file has ${metaBoxes.length} top-level 'meta' boxes, not 1`);
  }
  const brands = readBrands(bytes, fileType);
  const [majorBrand = ''] = brands;
  if (!VERIFIABLE_MAJOR_BRANDS.has(majorBrand)) {
    throw createUnsupportedError(
      `its major brand '${majorBrand}' is not one the second reader can verify`,
    );
  }
  return { bytes, boxes, fileType, brands, meta: readHeifMeta(bytes, metaBox) };
}

function readBrands(bytes: Uint8Array, box: IsoBox): string[] {
  const cursor = new ByteCursor(bytes, box.payloadStart, box.end, "the 'ftyp' box");
  const brands = [cursor.readFourCc()];
  cursor.readUint32();
  while (cursor.remaining >= 4) {
    brands.push(cursor.readFourCc());
  }
  return brands;
}
