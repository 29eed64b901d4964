import { AppError } from '../../shared/errors.js';
import { readIfd, type IfdEntry } from '../exif/read-ifd.js';
import { TiffReader } from '../exif/tiff-reader.js';

/** One page of a TIFF: an image file directory in the chain that starts in the header. */
export interface TiffPage {
  /** The offset of the page's IFD. */
  readonly offset: number;
  readonly entries: readonly IfdEntry[];
}

/** A classic TIFF file and the pages of its IFD chain, in order. */
export interface TiffFile {
  readonly reader: TiffReader;
  readonly pages: readonly TiffPage[];
}

/**
 * The maximum number of pages. PageNumber stores the page count as a SHORT, so no writer
 * numbers more, and the bound stops a hostile chain of tiny directories.
 */
export const MAX_TIFF_PAGES = 65_535;

/** The maximum number of IFD entries over all pages, which bounds the work on overlapping IFDs. */
const MAX_TIFF_ENTRIES = 1_048_576;

const HEADER_SIZE = 8;
const IFD_ENTRY_SIZE = 12;

/**
 * Reads the header and the IFD chain of a classic TIFF. Every IFD must lie inside the file
 * with at least one entry. Entry values are not checked here, because only the caller knows
 * which entries it keeps.
 *
 * @throws AppError `E_UNSUPPORTED_FORMAT` for BigTIFF, `E_TRUNCATED` when the header or an
 *   IFD runs past the end of the file, and `E_CORRUPT` for a bad header, an IFD offset inside
 *   the header, an empty IFD, a loop in the chain, or more than {@link MAX_TIFF_PAGES} pages.
 */
export function readTiffPages(bytes: Uint8Array): TiffFile {
  const reader = openTiff(bytes);
  const pages: TiffPage[] = [];
  const visited = new Set<number>();
  let entryTotal = 0;
  for (let offset = reader.firstIfdOffset; offset !== 0;) {
    checkIfdOffset(bytes, offset, visited, pages.length);
    visited.add(offset);
    const ifd = readIfd(reader, offset);
    if (ifd === null || !ifd.isComplete) {
      throw new AppError(
        'E_TRUNCATED',
        `The TIFF file ends at byte ${bytes.length}, inside the IFD of page ${pages.length + 1}.`,
      );
    }
    if (ifd.entries.length === 0) {
      throw new AppError('E_CORRUPT', `The TIFF IFD of page ${pages.length + 1} is empty.`);
    }
    entryTotal += ifd.entries.length;
    if (entryTotal > MAX_TIFF_ENTRIES) {
      throw new AppError(
        'E_CORRUPT',
        `The TIFF file declares more than ${MAX_TIFF_ENTRIES} IFD entries, which no image needs.`,
      );
    }
    pages.push({ offset, entries: ifd.entries });
    offset = ifd.nextIfdOffset;
  }
  if (pages.length === 0) {
    throw new AppError('E_CORRUPT', 'The TIFF header points to no IFD, so the file has no image.');
  }
  return { reader, pages };
}

/** Returns the size in bytes of an IFD with `entryCount` entries, up to its next-IFD offset. */
export function measureIfdTable(entryCount: number): number {
  return 2 + entryCount * IFD_ENTRY_SIZE + 4;
}

function openTiff(bytes: Uint8Array): TiffReader {
  if (bytes.length < HEADER_SIZE) {
    throw new AppError('E_TRUNCATED', 'The TIFF file ends inside its 8-byte header.');
  }
  const order = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  const version = order === 'II' ? (bytes[2] ?? 0) : (bytes[3] ?? 0);
  if ((order === 'II' || order === 'MM') && version === 43) {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      'BigTIFF files are not supported: MetaClear cleans classic TIFF files, whose offsets are 32 bits.',
    );
  }
  const reader = TiffReader.open(bytes);
  if (reader === null) {
    throw new AppError(
      'E_CORRUPT',
      'The file does not start with a TIFF header (II*\\0 or MM\\0*).',
    );
  }
  return reader;
}

function checkIfdOffset(
  bytes: Uint8Array,
  offset: number,
  visited: ReadonlySet<number>,
  pageCount: number,
): void {
  const page = pageCount + 1;
  if (visited.has(offset)) {
    throw new AppError(
      'E_CORRUPT',
      `The TIFF IFD chain loops back to byte ${offset} at page ${page}.`,
    );
  }
  if (pageCount >= MAX_TIFF_PAGES) {
    throw new AppError('E_CORRUPT', `The TIFF file has more than ${MAX_TIFF_PAGES} pages.`);
  }
  if (offset < HEADER_SIZE) {
    throw new AppError(
      'E_CORRUPT',
      `The TIFF IFD of page ${page} starts at byte ${offset}, inside the 8-byte header.`,
    );
  }
  if (offset + 2 > bytes.length) {
    throw new AppError(
      'E_TRUNCATED',
      `The TIFF IFD of page ${page} starts at byte ${offset}, past the end of the ${bytes.length}-byte file.`,
    );
  }
}
