import { isAppError } from '../../shared/errors.js';
import { createCorruptError, createTruncatedError, createUnsupportedError } from './heif-errors.js';
import type { ItemLocation } from './item-location-box.js';
import type { HeifFile } from './read-heif-file.js';

/** One extent of an item's data, as absolute offsets into the file's bytes. */
export interface ResolvedExtent {
  /** `file` for construction method 0, `idat` for method 1 (inside the `idat` payload). */
  readonly source: 'file' | 'idat';
  readonly start: number;
  readonly end: number;
}

/**
 * Resolves an item's `iloc` entry to absolute byte ranges of the file: base offset plus
 * extent offset, in the file or in the `idat` payload, with a 0 length running to the end of
 * that source.
 *
 * @throws {AppError} `E_UNSUPPORTED_FORMAT` for data in another file, `E_CORRUPT` for
 *   method 1 without `idat` or an extent past the end of `idat`, and `E_TRUNCATED` for an
 *   extent past the end of the file.
 */
export function resolveItemExtents(file: HeifFile, location: ItemLocation): ResolvedExtent[] {
  const { itemId, dataReferenceIndex, constructionMethod } = location;
  if (dataReferenceIndex !== 0 && file.meta.dataReferences?.[dataReferenceIndex - 1] !== true) {
    throw createUnsupportedError(`the data of item ${itemId} is stored in another file`);
  }
  const idat = file.meta.itemData;
  if (constructionMethod === 1 && idat === null) {
    throw createCorruptError(`item ${itemId} refers to an 'idat' box that does not exist`);
  }
  const sourceStart = constructionMethod === 1 && idat !== null ? idat.payloadStart : 0;
  const sourceEnd = constructionMethod === 1 && idat !== null ? idat.end : file.bytes.length;
  return location.extents.map((extent) => {
    const start = sourceStart + location.baseOffset + extent.offset;
    const end = extent.length === 0 ? sourceEnd : start + extent.length;
    if (end > sourceEnd || start > end) {
      const problem = `the data of item ${itemId} runs past the end of its ${constructionMethod === 1 ? "'idat' box" : 'file'}`;
      throw constructionMethod === 1 ? createCorruptError(problem) : createTruncatedError(problem);
    }
    return { source: constructionMethod === 1 ? 'idat' : 'file', start, end };
  });
}

/**
 * Returns an item's data: its extents joined in order, or an empty array for an item without
 * an `iloc` entry.
 *
 * @throws {AppError} as {@link resolveItemExtents}, and `E_CORRUPT` when the extents add up to
 *   more bytes than the file holds, which only overlapping extents can do.
 */
export function readItemData(file: HeifFile, itemId: number): Uint8Array {
  const location = file.meta.locations?.locations.find((entry) => entry.itemId === itemId);
  if (location === undefined) {
    return new Uint8Array(0);
  }
  const extents = resolveItemExtents(file, location);
  const total = extents.reduce((sum, extent) => sum + extent.end - extent.start, 0);
  if (total > file.bytes.length) {
    throw createCorruptError(`the extents of item ${itemId} add up to more than the file`);
  }
  const data = new Uint8Array(total);
  let offset = 0;
  for (const extent of extents) {
    data.set(file.bytes.subarray(extent.start, extent.end), offset);
    offset += extent.end - extent.start;
  }
  return data;
}

/**
 * Returns an item's data like {@link readItemData}, or null when it cannot be read. For items
 * that are removed anyway, whose data is only inspected for the report.
 */
export function tryReadItemData(file: HeifFile, itemId: number): Uint8Array | null {
  try {
    return readItemData(file, itemId);
  } catch (error) {
    if (isAppError(error)) {
      return null;
    }
    throw error;
  }
}

/** Returns an item's extents like {@link resolveItemExtents}, or none when they are invalid. */
export function tryResolveItemExtents(file: HeifFile, location: ItemLocation): ResolvedExtent[] {
  try {
    return resolveItemExtents(file, location);
  } catch (error) {
    if (isAppError(error)) {
      return [];
    }
    throw error;
  }
}
