import { isAppError } from '../../shared/errors.js';
import { readAllImageBlocks } from './read-image-blocks.js';
import { readTiffPages } from './read-tiff-pages.js';

/**
 * Returns true when a TIFF file looks fully written: the header, every IFD of the page chain
 * with the values it stores outside itself, and every page's strips or tiles lie inside the
 * file. Writers put the IFDs before or after the image data, and libtiff writes an IFD's values
 * after its table, so all of them must be checked. A file that is damaged in another way (a
 * loop, a bad header) returns true, because waiting would not repair it and the stripper
 * rejects it.
 *
 * NOTE: a page tag whose value points past the end of the file counts as unwritten, so a file
 * damaged that way waits for the settle timeout even though the stripper would drop the tag.
 */
export function isTiffComplete(bytes: Uint8Array): boolean {
  try {
    const file = readTiffPages(bytes);
    const hasValuePastEnd = file.pages.some((page) =>
      page.entries.some(
        (entry) =>
          entry.valueLength !== null &&
          entry.valueLength > 4 &&
          !file.reader.isInBounds(entry.valueOffset, entry.valueLength),
      ),
    );
    if (hasValuePastEnd) {
      return false;
    }
    readAllImageBlocks(file);
    return true;
  } catch (error) {
    if (isAppError(error)) {
      return error.code !== 'E_TRUNCATED';
    }
    throw error;
  }
}
