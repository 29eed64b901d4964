import type { KeepPolicy } from '../keep-policy.js';
import { buildAppleGainMapXmp, readAppleGainMapXmp } from './apple-gain-map-xmp.js';
import { XMP_CONTENT_TYPE } from './heif-item-types.js';
import { ItemGraph } from './item-graph.js';
import type { HeifItemInfo } from './item-info-box.js';
import type { HeifFile } from './read-heif-file.js';
import { readXmpPacket } from './read-xmp-packet.js';

/** A metadata item that stays with new data: our Exif block or a filtered gain-map XMP. */
export interface RewrittenItem {
  /** The item's entry as written: no name, and no content encoding. */
  readonly info: HeifItemInfo;
  readonly data: Uint8Array;
}

/**
 * Returns the XMP items that describe a kept Apple gain map (`cdsc` to it), each rewritten to
 * hold only `HDRGainMap:HDRGainMapVersion` and `HDRGainMap:HDRGainMapHeadroom`, which
 * renderers read to scale the gain map. XMP without a well-formed version goes entirely.
 */
export function planGainMapXmp(
  file: HeifFile,
  appleGainMapIds: ReadonlySet<number>,
  policy: KeepPolicy,
): RewrittenItem[] {
  if (!policy.hdrGainMap || appleGainMapIds.size === 0) {
    return [];
  }
  const graph = new ItemGraph(file.meta.references?.references ?? []);
  const rewritten: RewrittenItem[] = [];
  for (const item of file.meta.itemInfo.items) {
    const isXmp = item.type === 'mime' && item.contentType?.toLowerCase() === XMP_CONTENT_TYPE;
    const describesGainMap = graph
      .getTargets('cdsc', item.id)
      .some((id) => appleGainMapIds.has(id));
    const packet = isXmp && describesGainMap ? readXmpPacket(file, item) : null;
    const values = packet === null ? null : readAppleGainMapXmp(packet);
    if (values !== null) {
      const info = { ...item, name: '', contentType: XMP_CONTENT_TYPE, contentEncoding: null };
      rewritten.push({ info, data: buildAppleGainMapXmp(values) });
    }
  }
  return rewritten;
}
