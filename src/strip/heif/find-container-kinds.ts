import type { Kind } from '../../shared/kinds.js';
import { hasUncoveredData, type ByteRange } from './byte-ranges.js';
import { classifyDroppedBox } from './classify-dropped-box.js';
import { encodeDataInformationBox } from './encode-canonical-meta-boxes.js';
import type { HeifFile } from './read-heif-file.js';
import { tryResolveItemExtents } from './resolve-item-extents.js';

/** `meta` children that the rewrite rebuilds. Every other child is dropped. */
const REBUILT_META_CHILDREN: ReadonlySet<string> = new Set([
  'hdlr',
  'dinf',
  'pitm',
  'iinf',
  'iloc',
  'iref',
  'iprp',
  'idat',
  'grpl',
]);

/** Top-level boxes that the rewrite keeps or rebuilds. */
const KEPT_TOP_LEVEL_BOXES: ReadonlySet<string> = new Set(['ftyp', 'meta', 'mdat']);

/**
 * Returns the kinds the container itself carries outside the items: vendor and unknown
 * top-level and `meta` boxes, a handler name (usually the writing library), hidden bytes in
 * `hdlr` or `dinf`, entries for items that do not exist, and data in `mdat` or `idat` that
 * no item uses.
 */
export function findContainerKinds(file: HeifFile): Set<Kind> {
  const kinds = new Set<Kind>();
  const add = (kind: Kind | null): void => {
    if (kind !== null) {
      kinds.add(kind);
    }
  };
  file.boxes.forEach((box, index) => {
    const isKept = KEPT_TOP_LEVEL_BOXES.has(box.type) && !(box.type === 'ftyp' && index > 0);
    add(isKept ? null : classifyDroppedBox(file.bytes, box));
  });
  for (const child of file.meta.children) {
    add(REBUILT_META_CHILDREN.has(child.type) ? null : classifyDroppedBox(file.bytes, child));
  }
  const { handler } = file.meta;
  add(handler.name === '' ? null : 'software');
  add(handler.name === '' && !handler.isBlank ? 'unknown-block' : null);
  add(hasExtraDataReferences(file) ? 'unknown-block' : null);
  add(hasDanglingEntries(file) ? 'unknown-block' : null);
  add(hasUnusedData(file) ? 'unknown-block' : null);
  return kinds;
}

/** Returns true when `dinf` differs from the one "this file" entry the rewrite writes. */
function hasExtraDataReferences(file: HeifFile): boolean {
  const box = file.meta.children.find((child) => child.type === 'dinf');
  if (box === undefined) {
    return false;
  }
  const canonical = encodeDataInformationBox();
  return !Buffer.from(canonical).equals(file.bytes.subarray(box.start, box.end));
}

/**
 * Returns true when a location, property association, reference or entity group names an item
 * that `iinf` does not list. The rewrite drops those entries.
 */
function hasDanglingEntries(file: HeifFile): boolean {
  const { meta } = file;
  const ids = new Set(meta.itemInfo.items.map((item) => item.id));
  const isMissing = (id: number): boolean => !ids.has(id);
  const associations = meta.properties?.associationBoxes.flatMap((box) => box.entries) ?? [];
  return (
    (meta.locations?.locations ?? []).some((location) => isMissing(location.itemId)) ||
    associations.some((entry) => isMissing(entry.itemId)) ||
    (meta.references?.references ?? []).some(
      (reference) => isMissing(reference.fromItemId) || reference.toItemIds.some(isMissing),
    ) ||
    (meta.groups ?? []).some((group) => group.entityIds.some(isMissing))
  );
}

/**
 * Returns true when `mdat` or `idat` contains a non-zero byte that the extents of no listed
 * item cover.
 */
function hasUnusedData(file: HeifFile): boolean {
  const ids = new Set(file.meta.itemInfo.items.map((item) => item.id));
  const fileRanges: ByteRange[] = [];
  const itemDataRanges: ByteRange[] = [];
  const locations = file.meta.locations?.locations ?? [];
  for (const location of locations.filter((entry) => ids.has(entry.itemId))) {
    for (const extent of tryResolveItemExtents(file, location)) {
      (extent.source === 'file' ? fileRanges : itemDataRanges).push(extent);
    }
  }
  const mediaData = file.boxes.filter((box) => box.type === 'mdat');
  const itemData = file.meta.itemData;
  return (
    mediaData.some((box) =>
      hasUncoveredData(file.bytes, { start: box.payloadStart, end: box.end }, fileRanges),
    ) ||
    (itemData !== null &&
      hasUncoveredData(
        file.bytes,
        { start: itemData.payloadStart, end: itemData.end },
        itemDataRanges,
      ))
  );
}
