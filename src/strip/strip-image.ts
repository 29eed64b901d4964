import { AppError } from '../shared/errors.js';
import { stripJpeg } from './jpeg/strip-jpeg.js';
import type { KeepPolicy } from './keep-policy.js';
import { stripPng } from './png/strip-png.js';
import { sniffFormat } from './sniff-format.js';
import type { StripResult } from './strip-result.js';

/** Formats that a later version is meant to clean losslessly, as opposed to never. */
const PLANNED_LABELS: ReadonlySet<string> = new Set(['WebP', 'GIF', 'HEIF', 'AVIF', 'TIFF']);

/** Recognised formats that are documents or videos rather than still images. */
const NON_IMAGE_LABELS: ReadonlySet<string> = new Set([
  'PDF',
  'MP4 video',
  'QuickTime video',
  '3GP video',
  'ISO-BMFF media',
]);

/**
 * Removes metadata from a JPEG or PNG file, chosen by its magic bytes, and returns the cleaned
 * bytes with what was removed and kept.
 *
 * @throws {AppError} `E_UNSUPPORTED_FORMAT` for any other format, recognised or not, and the
 *   stripper's `E_MPF_UNSUPPORTED`, `E_CORRUPT` or `E_TRUNCATED`.
 * @example
 * const result = stripImage(await readFile('photo.jpg'), DEFAULT_KEEP_POLICY);
 */
export function stripImage(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'unknown') {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      'The file is not an image format MetaClear recognises. MetaClear cleans JPEG and PNG files.',
    );
  }
  if (sniffed.kind === 'unsupported') {
    const noun = NON_IMAGE_LABELS.has(sniffed.label) ? 'files' : 'images';
    const when = PLANNED_LABELS.has(sniffed.label) ? ' yet' : '';
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      `${sniffed.label} ${noun} are not supported${when}. MetaClear cleans JPEG and PNG files.`,
    );
  }
  switch (sniffed.format) {
    case 'jpeg':
      return stripJpeg(bytes, policy);
    case 'png':
      return stripPng(bytes, policy);
    default:
      throw new AppError(
        'E_UNSUPPORTED_FORMAT',
        `${sniffed.format.toUpperCase()} files are not supported yet. MetaClear cleans JPEG and PNG files.`,
      );
  }
}
