import { AppError } from '../shared/errors.js';
import { EXIF_TAG } from '../strip/exif/exif-tags.js';
import { isExifDate, isExifOffset } from '../strip/exif/exif-values.js';
import { readIfd, type IfdEntry } from '../strip/exif/read-ifd.js';
import { readIfdAscii, readIfdPointer } from '../strip/exif/read-ifd-value.js';
import { TIFF_TYPE, type TiffReader } from '../strip/exif/tiff-reader.js';
import type { ByteRanges } from '../strip/tiff/byte-ranges.js';
import type { KeptCaptureDate } from '../strip/tiff/plan-tiff-page.js';
import { measureIfdTable } from '../strip/tiff/read-tiff-pages.js';

/** The Exif IFD tags a cleaned TIFF page may hold, each with the check its text must pass. */
const ALLOWED_TAGS: ReadonlyMap<number, (value: string) => boolean> = new Map([
  [EXIF_TAG.dateTimeOriginal, isExifDate],
  [EXIF_TAG.offsetTimeOriginal, isExifOffset],
]);

/**
 * Checks the Exif IFD that `pointer` locates in a cleaned TIFF page (named by `where`): it is
 * complete, chains no other IFD, and holds only a well-formed DateTimeOriginal and optional
 * OffsetTimeOriginal, equal to `expected`, the input page's date. Adds the IFD's bytes to
 * `referenced`.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`, naming tags by number and never their values.
 */
export function verifyTiffExifIfd(
  reader: TiffReader,
  pointer: IfdEntry,
  expected: KeptCaptureDate | null,
  where: string,
  referenced: ByteRanges,
): void {
  const offset = readIfdPointer(reader, pointer);
  const ifd = offset === null || offset < 8 ? null : readIfd(reader, offset);
  if (offset === null || ifd === null || !ifd.isComplete || ifd.nextIfdOffset !== 0) {
    throw createError(`has an unreadable Exif IFD on ${where}`);
  }
  referenced.add(offset, measureIfdTable(ifd.entries.length));
  const values = new Map<number, string>();
  for (const entry of ifd.entries) {
    const isValid = ALLOWED_TAGS.get(entry.tag);
    const text = entry.type === TIFF_TYPE.ascii ? readIfdAscii(reader, entry) : null;
    if (isValid === undefined || text === null || !isValid(text) || values.has(entry.tag)) {
      const tag = `0x${entry.tag.toString(16).toUpperCase().padStart(4, '0')}`;
      throw createError(
        `contains tag ${tag} in the Exif IFD of ${where}, which the keep policy does not allow`,
      );
    }
    values.set(entry.tag, text);
    if (entry.valueLength !== null && entry.valueLength > 4) {
      referenced.add(entry.valueOffset, entry.valueLength);
    }
  }
  const isSameDate =
    expected !== null &&
    values.get(EXIF_TAG.dateTimeOriginal) === expected.captureDate &&
    (values.get(EXIF_TAG.offsetTimeOriginal) ?? null) === expected.offsetTimeOriginal;
  if (!isSameDate) {
    throw createError(`changes the capture date in the Exif IFD of ${where}`);
  }
}

function createError(problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `The cleaned TIFF ${problem}.`);
}
