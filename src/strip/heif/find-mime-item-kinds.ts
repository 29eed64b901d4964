import type { Kind } from '../../shared/kinds.js';
import { findXmpKinds } from '../jpeg/find-xmp-kinds.js';
import { C2PA_CONTENT_TYPES, XMP_CONTENT_TYPE } from './heif-item-types.js';
import type { HeifItemInfo } from './item-info-box.js';
import type { HeifFile } from './read-heif-file.js';
import { readXmpPacket } from './read-xmp-packet.js';

/**
 * Returns the kinds a `mime` item holds: XMP (with `motion-photo` and `depth-map` when its
 * packet declares them), C2PA content credentials, or `unknown-block` for any other MIME type.
 */
export function findMimeItemKinds(file: HeifFile, item: HeifItemInfo): Set<Kind> {
  const contentType = (item.contentType ?? '').toLowerCase();
  if (C2PA_CONTENT_TYPES.has(contentType)) {
    return new Set(['c2pa']);
  }
  if (contentType !== XMP_CONTENT_TYPE) {
    return new Set(['unknown-block']);
  }
  const packet = readXmpPacket(file, item);
  return packet === null ? new Set(['xmp']) : findXmpKinds([packet]);
}
