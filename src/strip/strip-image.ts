import { AppError } from '../shared/errors.js';
import { stripGif } from './gif/strip-gif.js';
import { stripHeif } from './heif/strip-heif.js';
import { stripJpeg } from './jpeg/strip-jpeg.js';
import type { KeepPolicy } from './keep-policy.js';
import { stripPng } from './png/strip-png.js';
import { sniffFormat } from './sniff-format.js';
import type { StripResult } from './strip-result.js';
import { stripTiff } from './tiff/strip-tiff.js';
import { stripWebp } from './webp/strip-webp.js';

/** Formats that a later version is meant to clean losslessly, as opposed to never. */
const PLANNED_LABELS: ReadonlySet<string> = new Set(['BigTIFF']);

/** The formats `stripImage` cleans, as error messages name them. */
const CLEANABLE_FORMATS = 'JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF and AVIF';

/** Recognised formats that are documents or videos rather than still images. */
const NON_IMAGE_LABELS: ReadonlySet<string> = new Set([
  'PDF',
  'MP4 video',
  'QuickTime video',
  '3GP video',
  'ISO-BMFF media',
]);

/**
 * Removes metadata from an image, its format chosen by its magic bytes, and returns the cleaned
 * bytes with what was removed and kept.
 *
 * @throws {AppError} `E_UNSUPPORTED_FORMAT` for a format it does not clean, and the
 *   stripper's `E_CORRUPT` or `E_TRUNCATED`.
 * @example
 * const result = stripImage(await readFile('photo.jpg'), DEFAULT_KEEP_POLICY);
 */
export function stripImage(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'unknown') {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      `The file is not an image format MetaClear recognises. MetaClear cleans ${CLEANABLE_FORMATS}.`,
    );
  }
  if (sniffed.kind === 'unsupported') {
    const noun = NON_IMAGE_LABELS.has(sniffed.label) ? 'files' : 'images';
    const when = PLANNED_LABELS.has(sniffed.label) ? ' yet' : '';
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      `${sniffed.label} ${noun} are not supported${when}. MetaClear cleans ${CLEANABLE_FORMATS}.`,
    );
  }
  switch (sniffed.format) {
    case 'jpeg':
      return stripJpeg(bytes, policy);
    case 'png':
      return stripPng(bytes, policy);
    case 'webp':
      return stripWebp(bytes, policy);
    case 'gif':
      return stripGif(bytes, policy);
    case 'tiff':
      return stripTiff(bytes, policy);
    case 'heif':
      return stripHeif(bytes, policy);
    default: {
      // Unreachable while every ImageFormat has a case above; a new format fails to compile.
      const format: never = sniffed.format;
      throw new AppError('E_UNSUPPORTED_FORMAT', `${String(format)} files are not supported yet.`);
    }
  }
}
