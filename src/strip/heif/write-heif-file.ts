import { copyPackedRanges, mapPackedOffset, packRanges, type PackedRanges } from './byte-ranges.js';
import { encodeBox, encodeBoxHeader, encodeFullBox } from './encode-box.js';
import {
  encodeDataInformationBox,
  encodeHandlerBox,
  encodePrimaryItemBox,
} from './encode-canonical-meta-boxes.js';
import { encodeEntityGroupsBox, type EntityGroup } from './entity-groups-box.js';
import { encodeItemInfoBox } from './item-info-box.js';
import {
  encodeItemLocationBox,
  type ItemLocation,
  type ItemLocationFieldSizes,
} from './item-location-box.js';
import { encodeItemPropertiesBox, type PropertyAssociationBox } from './item-properties-box.js';
import { encodeItemReferenceBox, type ItemReference } from './item-reference-box.js';
import type { RewrittenItem } from './plan-gain-map-xmp.js';
import type { IsoBox } from './read-boxes.js';
import type { HeifFile } from './read-heif-file.js';
import { resolveItemExtents, type ResolvedExtent } from './resolve-item-extents.js';

/** Everything the rewrite keeps, as decided by the plans. */
export interface HeifRewrite {
  /** Items whose data is copied: the kept images. */
  readonly keptImageIds: ReadonlySet<number>;
  /** Metadata items that stay with new data, written after the image data. */
  readonly rewrittenItems: readonly RewrittenItem[];
  readonly properties: readonly IsoBox[];
  readonly associationBoxes: readonly PropertyAssociationBox[];
  readonly references: readonly ItemReference[];
  readonly groups: readonly EntityGroup[];
}

/** The largest offset or length that a 4-byte `iloc` field holds. */
const MAX_UINT32 = 0xffff_ffff;

/**
 * Writes the cleaned file: the input's `ftyp`, a rebuilt `meta`, then one `mdat` holding the
 * kept images' data in input order followed by the rewritten metadata items. Data in `idat` stays there,
 * compacted the same way. Every `iloc` offset is rewritten to the new position, with no base
 * offset, so nothing of the removed items' bytes remains.
 */
export function writeHeifFile(file: HeifFile, rewrite: HeifRewrite): Uint8Array {
  const keptLocations = (file.meta.locations?.locations ?? []).filter((location) =>
    rewrite.keptImageIds.has(location.itemId),
  );
  const extents = new Map(keptLocations.map((loc) => [loc.itemId, resolveItemExtents(file, loc)]));
  const allExtents = [...extents.values()].flat();
  const fileData = packRanges(allExtents.filter((extent) => extent.source === 'file'));
  const itemData = packRanges(allExtents.filter((extent) => extent.source === 'idat'));
  const rewrittenData = Buffer.concat(rewrite.rewrittenItems.map((item) => item.data));
  const mdatLength = fileData.length + rewrittenData.length;
  const fileType = file.bytes.subarray(file.fileType.start, file.fileType.end);

  const buildMeta = (mdatPayloadStart: number, sizes: ItemLocationFieldSizes): Uint8Array => {
    const locations = keptLocations.map((location) =>
      relocate(location, extents.get(location.itemId) ?? [], fileData, itemData, mdatPayloadStart),
    );
    let offset = mdatPayloadStart + fileData.length;
    for (const { info, data } of rewrite.rewrittenItems) {
      locations.push(createFileLocation(info.id, offset, data.length));
      offset += data.length;
    }
    return encodeMeta(file, rewrite, locations, sizes, copyPackedRanges(file.bytes, itemData));
  };

  const lengthSize = allExtents.some((extent) => extent.end - extent.start > MAX_UINT32) ? 8 : 4;
  const mdatHeaderLength = mdatLength > 0 ? encodeBoxHeader('mdat', mdatLength).length : 0;
  const draft = buildMeta(0, { offsetSize: 4, lengthSize });
  const totalLength = fileType.length + draft.length + mdatHeaderLength + mdatLength;
  const sizes = { offsetSize: totalLength > MAX_UINT32 ? 8 : 4, lengthSize };
  const metaLength = sizes.offsetSize === 4 ? draft.length : buildMeta(0, sizes).length;
  const mdatPayloadStart = fileType.length + metaLength + mdatHeaderLength;
  const meta = buildMeta(mdatPayloadStart, sizes);

  const parts = [fileType, meta];
  if (mdatLength > 0) {
    parts.push(
      encodeBoxHeader('mdat', mdatLength),
      copyPackedRanges(file.bytes, fileData),
      rewrittenData,
    );
  }
  return Buffer.concat(parts);
}

/** Moves a kept item's extents to their packed positions in the new `mdat` or `idat`. */
function relocate(
  location: ItemLocation,
  extents: readonly ResolvedExtent[],
  fileData: PackedRanges,
  itemData: PackedRanges,
  mdatPayloadStart: number,
): ItemLocation {
  const kept = extents.filter((extent) => extent.end > extent.start);
  return {
    itemId: location.itemId,
    constructionMethod: location.constructionMethod,
    dataReferenceIndex: 0,
    baseOffset: 0,
    extents: kept.map((extent) => ({
      offset:
        extent.source === 'file'
          ? mdatPayloadStart + mapPackedOffset(fileData, extent.start)
          : mapPackedOffset(itemData, extent.start),
      length: extent.end - extent.start,
    })),
  };
}

function createFileLocation(itemId: number, offset: number, length: number): ItemLocation {
  return {
    itemId,
    constructionMethod: 0,
    dataReferenceIndex: 0,
    baseOffset: 0,
    extents: [{ offset, length }],
  };
}

/**
 * Encodes the new `meta` box with its children in input order. `hdlr`, `dinf` and `pitm` are
 * written in their canonical form, other kept children are rebuilt, and every other child
 * (an unknown or vendor box) is left out. An `iloc` the input lacked goes last.
 */
function encodeMeta(
  file: HeifFile,
  rewrite: HeifRewrite,
  locations: readonly ItemLocation[],
  sizes: ItemLocationFieldSizes,
  idatPayload: Uint8Array,
): Uint8Array {
  const { meta } = file;
  const rewrittenInfos = new Map(rewrite.rewrittenItems.map((item) => [item.info.id, item.info]));
  const items = meta.itemInfo.items
    .filter((item) => rewrite.keptImageIds.has(item.id) || rewrittenInfos.has(item.id))
    .map((item) => rewrittenInfos.get(item.id) ?? item);
  const locationVersion = meta.locations?.version ?? 0;
  const encoders = new Map<string, () => Uint8Array | null>([
    ['hdlr', () => encodeHandlerBox()],
    ['dinf', () => encodeDataInformationBox()],
    ['pitm', () => encodePrimaryItemBox(meta.primaryItemId)],
    ['iinf', () => encodeItemInfoBox(meta.itemInfo.version, items)],
    ['iloc', () => encodeItemLocationBox({ version: locationVersion, locations }, sizes)],
    [
      'iref',
      () =>
        rewrite.references.length === 0
          ? null
          : encodeItemReferenceBox({
              version: meta.references?.version ?? 0,
              references: rewrite.references,
            }),
    ],
    [
      'iprp',
      () =>
        rewrite.associationBoxes.length === 0
          ? null
          : encodeItemPropertiesBox(
              rewrite.properties.map((box) => file.bytes.subarray(box.start, box.end)),
              rewrite.associationBoxes,
            ),
    ],
    ['idat', () => (idatPayload.length === 0 ? null : encodeBox('idat', idatPayload))],
    ['grpl', () => (rewrite.groups.length === 0 ? null : encodeEntityGroupsBox(rewrite.groups))],
  ]);
  const children: Uint8Array[] = [];
  for (const child of meta.children) {
    const encoded = encoders.get(child.type)?.() ?? null;
    if (encoded !== null) {
      children.push(encoded);
    }
  }
  if (meta.locations === null && locations.length > 0) {
    children.push(encodeItemLocationBox({ version: 0, locations }, sizes));
  }
  return encodeFullBox('meta', 0, 0, ...children);
}
