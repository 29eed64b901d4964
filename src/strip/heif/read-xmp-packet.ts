import { inflateRawSync, inflateSync } from 'node:zlib';
import type { HeifItemInfo } from './item-info-box.js';
import type { HeifFile } from './read-heif-file.js';
import { tryReadItemData } from './resolve-item-extents.js';

/** The largest inflated XMP packet read; a bigger one is still removed, only unread. */
const MAX_INFLATED_XMP_BYTES = 16 * 1024 * 1024;

/**
 * Returns the XMP packet of a `mime` item, inflated first when it has a content encoding
 * (up to 16 MiB), or null when the data cannot be read or inflated.
 */
export function readXmpPacket(file: HeifFile, item: HeifItemInfo): Uint8Array | null {
  const data = tryReadItemData(file, item.id);
  if (data === null || item.contentEncoding === null) {
    return data;
  }
  for (const inflate of [inflateSync, inflateRawSync]) {
    try {
      return inflate(data, { maxOutputLength: MAX_INFLATED_XMP_BYTES });
    } catch {
      // Not this encoding, or larger than the limit: try the next, then give up.
    }
  }
  return null;
}
