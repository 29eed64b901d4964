import { isAppError } from '../../shared/errors.js';
import { readTopLevelBoxes } from './read-boxes.js';
import { readHeifFile } from './read-heif-file.js';
import { resolveItemExtents } from './resolve-item-extents.js';

/**
 * Returns true when a HEIF file looks fully written: its top-level boxes cover the file
 * exactly, it has a `meta` (or `moov`) box, and every item's data lies within the file. A
 * file cut off inside a box, or without `meta` yet (some writers put it after `mdat`),
 * returns false because its writer may not be done. A file malformed in any other way
 * returns true: waiting would not fix it, and the stripper reports it.
 */
export function isHeifComplete(bytes: Uint8Array): boolean {
  try {
    const boxes = readTopLevelBoxes(bytes);
    if (!boxes.some((box) => box.type === 'meta' || box.type === 'moov')) {
      return false;
    }
    const file = readHeifFile(bytes);
    for (const location of file.meta.locations?.locations ?? []) {
      resolveItemExtents(file, location);
    }
    return true;
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    return error.code !== 'E_TRUNCATED';
  }
}
