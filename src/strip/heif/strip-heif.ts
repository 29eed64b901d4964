import { sortKinds, type Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import type { StripResult } from '../strip-result.js';
import { hasOverlap, type ByteRange } from './byte-ranges.js';
import { filterEntityGroups, filterItemReferences } from './filter-item-links.js';
import { findContainerKinds } from './find-container-kinds.js';
import { createCorruptError, createUnsupportedError } from './heif-errors.js';
import { planGainMapXmp, type RewrittenItem } from './plan-gain-map-xmp.js';
import { planHeifExif } from './plan-heif-exif.js';
import { planHeifItems, type HeifItemPlan } from './plan-heif-items.js';
import { planHeifProperties } from './plan-heif-properties.js';
import { describeType } from './read-boxes.js';
import { readHeifFile, type HeifFile } from './read-heif-file.js';
import { resolveItemExtents, tryResolveItemExtents } from './resolve-item-extents.js';
import { writeHeifFile } from './write-heif-file.js';

/**
 * Removes metadata from a HEIF, HEIC or AVIF still image without touching its image data.
 * Image items (with grid tiles, alpha and depth auxiliaries, and gain maps when the policy
 * keeps them) stay with their data byte for byte and their image-defining properties.
 * Thumbnails, Exif, XMP and other metadata items, descriptive properties, vendor and unknown
 * boxes (Motion Photo video, C2PA, Samsung trailers) and data no item uses go. The `Exif`
 * item is rewritten as our minimal block when the policy keeps a value from it. The data of
 * the kept items is packed into one `mdat` after a rebuilt `meta`, with every offset
 * rewritten, so no byte of a removed item remains. A file with nothing to remove comes back
 * as the input array itself, `changed: false`.
 *
 * @throws {AppError} `E_CORRUPT` or `E_TRUNCATED` for a malformed or cut-off file, and
 *   `E_UNSUPPORTED_FORMAT` for image sequences, encrypted images, data in other files and
 *   essential properties MetaClear does not know.
 * @example
 * const result = stripHeif(await readFile('IMG_0001.HEIC'), DEFAULT_KEEP_POLICY);
 * result.removed; // ['gps', 'camera-model', 'datetime', 'thumbnail', 'xmp']
 */
export function stripHeif(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const file = readHeifFile(bytes);
  if (file.meta.handler.handlerType !== 'pict') {
    const handler = describeType(file.meta.handler.handlerType);
    throw createUnsupportedError(`its 'meta' box has handler '${handler}', not 'pict'`);
  }
  const items = planHeifItems(file, policy);
  const properties = planHeifProperties(file, items.keptImageIds, policy);
  const keepAppleHdr = policy.hdrGainMap && items.appleGainMapIds.size > 0;
  const exif = planHeifExif(file, properties.hasOrientationProperty, policy, keepAppleHdr);
  const rewrittenItems = [
    ...(exif.item === null ? [] : [exif.item]),
    ...planGainMapXmp(file, items.appleGainMapIds, policy),
  ];
  checkMetadataOverlap(file, items);

  const removed = new Set<Kind>([
    ...items.removed,
    ...properties.removed,
    ...exif.removed,
    ...findContainerKinds(file),
    ...findKeptItemKinds(file, items, rewrittenItems),
  ]);
  const kept = new Set<Kind>([...items.kept, ...properties.kept, ...exif.kept]);
  const rewrittenIds = new Set(rewrittenItems.map((item) => item.info.id));
  const keptItemIds = new Set([...items.keptImageIds, ...rewrittenIds]);
  const references = filterItemReferences(
    file.meta.references?.references ?? [],
    keptItemIds,
    rewrittenIds,
    removed,
  );
  const groups = filterEntityGroups(file.meta.groups ?? [], keptItemIds, removed);

  if (removed.size === 1 && removed.has('c2pa') && policy.contentCredentials) {
    // A C2PA manifest's hard binding covers every other byte, so it survives only when
    // nothing else needs removing.
    kept.add('content-credentials');
    return { format: 'heif', bytes, removed: [], kept: sortKinds(kept), changed: false };
  }
  // TODO: with `contentCredentials: true`, keep an AI disclosure as XMP holding only
  // Iptc4xmpExt:DigitalSourceType; for now the whole manifest is removed.
  if (removed.size === 0) {
    return { format: 'heif', bytes, removed: [], kept: sortKinds(kept), changed: false };
  }
  const output = writeHeifFile(file, {
    keptImageIds: items.keptImageIds,
    rewrittenItems,
    properties: properties.properties,
    associationBoxes: properties.associationBoxes,
    references,
    groups,
  });
  const changed = !Buffer.from(output).equals(bytes);
  return {
    format: 'heif',
    bytes: changed ? output : bytes,
    removed: changed ? sortKinds(removed) : [],
    kept: sortKinds(kept),
    changed,
  };
}

/**
 * Returns the kinds that kept items carry beyond their data: names (`comment`), and property
 * associations of rewritten metadata items, which our Exif and XMP items do not have.
 */
function findKeptItemKinds(
  file: HeifFile,
  items: HeifItemPlan,
  rewrittenItems: readonly RewrittenItem[],
): Kind[] {
  const kinds: Kind[] = [];
  const rewrittenIds = new Set(rewrittenItems.map((item) => item.info.id));
  const isKept = (id: number): boolean => items.keptImageIds.has(id) || rewrittenIds.has(id);
  if (file.meta.itemInfo.items.some((item) => isKept(item.id) && item.name !== '')) {
    kinds.push('comment');
  }
  const entries = file.meta.properties?.associationBoxes.flatMap((box) => box.entries) ?? [];
  const isAssociated = entries.some(
    (entry) => rewrittenIds.has(entry.itemId) && entry.associations.length > 0,
  );
  if (isAssociated) {
    kinds.push('unknown-block');
  }
  return kinds;
}

/**
 * Rejects a file whose metadata items share bytes with a kept image, because removing those
 * bytes would change the image and keeping them would keep the metadata.
 */
function checkMetadataOverlap(file: HeifFile, items: HeifItemPlan): void {
  const kept: ByteRange[] = [];
  const metadata: ByteRange[] = [];
  for (const location of file.meta.locations?.locations ?? []) {
    if (items.keptImageIds.has(location.itemId)) {
      kept.push(...resolveItemExtents(file, location));
    } else if (items.metadataItemIds.has(location.itemId)) {
      metadata.push(...tryResolveItemExtents(file, location));
    }
  }
  if (hasOverlap(kept, metadata)) {
    throw createCorruptError('a metadata item shares bytes with the image data');
  }
}
