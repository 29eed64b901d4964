import { AppError } from '../../shared/errors.js';
import type { IfdEntry } from '../exif/read-ifd.js';
import { TIFF_TYPE, type TiffReader } from '../exif/tiff-reader.js';
import { readEntryIntegers } from './read-entry-value.js';
import type { TiffFile, TiffPage } from './read-tiff-pages.js';
import { TIFF_TAG } from './tiff-tags.js';

/** The largest size a classic TIFF can address with its 32-bit offsets. */
const MAX_CLASSIC_TIFF_SIZE = 0xffff_ffff;

/**
 * The maximum number of strips or tiles in one file, which bounds the memory a hostile table
 * can claim (two 16 MiB arrays). A 1 GiB image cut into 256-byte strips stays below it.
 */
export const MAX_IMAGE_BLOCKS = 4_194_304;

/** The strips or tiles that hold one page's compressed image data. */
export interface ImageBlocks {
  /** StripOffsets or TileOffsets. */
  readonly offsetsTag: number;
  /** StripByteCounts or TileByteCounts. */
  readonly byteCountsTag: number;
  readonly offsets: Uint32Array;
  readonly byteCounts: Uint32Array;
}

/** A page with its strip or tile table. */
export interface PageWithBlocks {
  readonly page: TiffPage;
  readonly blocks: ImageBlocks;
}

/**
 * Reads the strip or tile tables of every page, at most {@link MAX_IMAGE_BLOCKS} blocks in all.
 *
 * @throws AppError as {@link readImageBlocks} does.
 */
export function readAllImageBlocks(file: TiffFile): PageWithBlocks[] {
  let remaining = MAX_IMAGE_BLOCKS;
  return file.pages.map((page, index) => {
    const blocks = readImageBlocks(file.reader, page.entries, index + 1, remaining);
    remaining -= blocks.offsets.length;
    return { page, blocks };
  });
}

/**
 * Reads the strip or tile table of one page (numbered from 1 in messages). A page has either
 * strips or tiles, each with offsets and byte counts of equal length, and every block lies
 * inside the file. An empty block may have any offset.
 *
 * @throws AppError `E_CORRUPT` for a missing, doubled or mismatched table or one longer than
 *   `maxBlocks`, and `E_TRUNCATED` when a table or a block runs past the end of the file.
 */
export function readImageBlocks(
  reader: TiffReader,
  entries: readonly IfdEntry[],
  page: number,
  maxBlocks = MAX_IMAGE_BLOCKS,
): ImageBlocks {
  const stripOffsets = findEntry(entries, TIFF_TAG.stripOffsets);
  const tileOffsets = findEntry(entries, TIFF_TAG.tileOffsets);
  if ((stripOffsets === undefined) === (tileOffsets === undefined)) {
    const problem = stripOffsets === undefined ? 'neither strips nor tiles' : 'strips and tiles';
    throw new AppError('E_CORRUPT', `Page ${page} of the TIFF file has ${problem}.`);
  }
  const isTiled = tileOffsets !== undefined;
  const offsetsTag = isTiled ? TIFF_TAG.tileOffsets : TIFF_TAG.stripOffsets;
  const byteCountsTag = isTiled ? TIFF_TAG.tileByteCounts : TIFF_TAG.stripByteCounts;
  const blockName = isTiled ? 'tile' : 'strip';

  const table = { reader, page, blockName, maxBlocks };
  const offsets = readTable(table, tileOffsets ?? stripOffsets);
  const byteCounts = readTable(table, findEntry(entries, byteCountsTag));
  if (offsets.length !== byteCounts.length || offsets.length === 0) {
    throw new AppError(
      'E_CORRUPT',
      `Page ${page} of the TIFF file lists ${offsets.length} ${blockName} offsets and ${byteCounts.length} byte counts.`,
    );
  }
  checkBlocksInBounds(reader, offsets, byteCounts, page, blockName);
  return { offsetsTag, byteCountsTag, offsets, byteCounts };
}

function findEntry(entries: readonly IfdEntry[], tag: number): IfdEntry | undefined {
  return entries.find((entry) => entry.tag === tag);
}

/** The location of a strip or tile table, for reading it and naming it in messages. */
interface TableContext {
  readonly reader: TiffReader;
  readonly page: number;
  readonly blockName: string;
  readonly maxBlocks: number;
}

function readTable(context: TableContext, entry: IfdEntry | undefined): Uint32Array {
  const { reader, page, blockName, maxBlocks } = context;
  if (entry === undefined) {
    throw new AppError(
      'E_CORRUPT',
      `Page ${page} of the TIFF file has no ${blockName} byte counts.`,
    );
  }
  if (entry.count > maxBlocks) {
    throw new AppError(
      'E_CORRUPT',
      `The ${blockName} table of page ${page} has ${entry.count} values, more than the ${MAX_IMAGE_BLOCKS} strips or tiles MetaClear reads in one file.`,
    );
  }
  const values = readEntryIntegers(reader, entry);
  if (values !== null) {
    return values;
  }
  if (entry.type !== TIFF_TYPE.short && entry.type !== TIFF_TYPE.long) {
    throw new AppError(
      'E_CORRUPT',
      `The ${blockName} table of page ${page} has field type ${entry.type}; TIFF requires SHORT or LONG.`,
    );
  }
  // A table longer than 32-bit offsets can address is no truncated file but a broken count.
  const isAddressable = (entry.valueLength ?? Infinity) <= MAX_CLASSIC_TIFF_SIZE;
  throw new AppError(
    isAddressable ? 'E_TRUNCATED' : 'E_CORRUPT',
    `The ${blockName} table of page ${page} (${entry.count} values) runs past the end of the TIFF file.`,
  );
}

function checkBlocksInBounds(
  reader: TiffReader,
  offsets: Uint32Array,
  byteCounts: Uint32Array,
  page: number,
  blockName: string,
): void {
  for (let index = 0; index < offsets.length; index += 1) {
    const length = byteCounts[index] ?? 0;
    if (length > 0 && !reader.isInBounds(offsets[index] ?? 0, length)) {
      throw new AppError(
        'E_TRUNCATED',
        `The TIFF file ends at byte ${reader.bytes.length}, before ${blockName} ${index + 1} of page ${page}.`,
      );
    }
  }
}
