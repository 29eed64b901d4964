import type { Kind } from '../../shared/kinds.js';
import { buildMinimalExif } from '../exif/build-minimal-exif.js';
import { inspectExif, type ExifInspection } from '../exif/inspect-exif.js';
import type { KeepPolicy } from '../keep-policy.js';
import {
  isTransformingOrientation,
  selectKeptExifFields,
  type KeptExifFields,
} from '../png/select-kept-exif-fields.js';
import { ItemGraph } from './item-graph.js';
import type { RewrittenItem } from './plan-gain-map-xmp.js';
import type { HeifFile } from './read-heif-file.js';
import { tryReadItemData } from './resolve-item-extents.js';

/** The decision for a HEIF file's Exif items. */
export interface HeifExifPlan {
  /** The Exif item that carries the minimal block with its new data, or null for none. */
  readonly item: RewrittenItem | null;
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
}

/** "Exif\0\0", which Apple and libheif write before the TIFF header of an Exif item. */
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

/**
 * Decides what replaces the Exif items: our minimal block in the place of the Exif item that
 * describes the primary image (else the first one), or nothing. The block's values come from
 * that item. It carries Orientation only when the primary image has no `irot` or `imir`,
 * because those properties, not Exif, orient a HEIF image. With `keepAppleHdr` (an Apple gain
 * map stays), it also carries the source's Apple MakerNote reduced to HDRHeadroom and HDRGain,
 * which renderers read to scale the gain map. Every other tag is reported as removed.
 */
export function planHeifExif(
  file: HeifFile,
  hasOrientationProperty: boolean,
  policy: KeepPolicy,
  keepAppleHdr = false,
): HeifExifPlan {
  const exifItems = file.meta.itemInfo.items.filter((item) => item.type === 'Exif');
  const graph = new ItemGraph(file.meta.references?.references ?? []);
  const primaryId = file.meta.primaryItemId;
  const source =
    exifItems.find((item) => graph.getTargets('cdsc', item.id).includes(primaryId)) ?? exifItems[0];
  if (source === undefined) {
    return { item: null, removed: new Set(), kept: new Set() };
  }

  const inspections = exifItems.map((item) =>
    inspectExif(readExifTiff(tryReadItemData(file, item.id) ?? new Uint8Array(0))),
  );
  const sourceInspection = inspections[exifItems.indexOf(source)] ?? null;
  const orientationSource = hasOrientationProperty ? null : sourceInspection;

  const keptFields = selectKeptExifFields(orientationSource, inspections, policy);
  const appleHdr = keepAppleHdr ? (sourceInspection?.appleHdr ?? null) : null;
  const fields = appleHdr === null ? keptFields.fields : { ...keptFields.fields, appleHdr };
  const tiff = buildMinimalExif(fields);
  const data = tiff === null ? null : encodeExifItemData(tiff);
  const isUnchanged =
    data !== null &&
    exifItems.length === 1 &&
    Buffer.from(tryReadItemData(file, source.id) ?? []).equals(data);

  const removed = new Set<Kind>();
  for (const inspection of inspections) {
    for (const kind of getDroppedKinds(inspection, keptFields, hasOrientationProperty, policy)) {
      removed.add(kind);
    }
    if (inspection.kinds.has('maker-notes') && inspection.appleHdr !== appleHdr) {
      // A MakerNote already reduced to Apple's HDR values still goes when it is not kept.
      removed.add('maker-notes');
    }
  }
  if (!isUnchanged && removed.size === 0) {
    // The items held nothing we name (padding, an empty IFD, orientation 1), yet they go.
    removed.add('exif-other');
  }
  const item = data === null ? null : { info: { ...source, name: '' }, data };
  return { item, removed, kept: keptFields.kept };
}

/**
 * Returns the TIFF block of an Exif item: the item starts with the 32-bit offset of the TIFF
 * header from the end of that field. An offset that misses the header but leaves
 * `Exif\0\0` in front of one is tolerated, because some writers store 0 there.
 */
function readExifTiff(data: Uint8Array): Uint8Array {
  if (data.length < 4) {
    return new Uint8Array(0);
  }
  const offset = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
  const tiff = data.subarray(Math.min(data.length, 4 + offset));
  if (!isTiffHeader(tiff) && EXIF_HEADER.equals(data.subarray(4, 10))) {
    return data.subarray(10);
  }
  return tiff;
}

function isTiffHeader(bytes: Uint8Array): boolean {
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(4, bytes.length));
  return (
    header.equals(Buffer.from('II*\0', 'latin1')) || header.equals(Buffer.from('MM\0*', 'latin1'))
  );
}

/** Encodes the data of our Exif item: offset 6, `Exif\0\0`, then the TIFF block. */
export function encodeExifItemData(tiff: Uint8Array): Uint8Array {
  const data = new Uint8Array(4 + EXIF_HEADER.length + tiff.length);
  new DataView(data.buffer).setUint32(0, EXIF_HEADER.length);
  data.set(EXIF_HEADER, 4);
  data.set(tiff, 4 + EXIF_HEADER.length);
  return data;
}

/**
 * Returns the kinds an Exif item loses: everything beyond the minimal fields, plus each
 * minimal field not written back. An orientation that `irot`/`imir` carry is not lost.
 */
function getDroppedKinds(
  inspection: ExifInspection,
  keptFields: KeptExifFields,
  hasOrientationProperty: boolean,
  policy: KeepPolicy,
): Kind[] {
  const { fields } = keptFields;
  const kinds = [...inspection.kindsBeyondMinimal];
  const isOrientationKeptElsewhere = hasOrientationProperty && policy.orientation !== false;
  if (
    isTransformingOrientation(inspection.orientation) &&
    fields.orientation === undefined &&
    !isOrientationKeptElsewhere
  ) {
    kinds.push('orientation');
  }
  const isDateDropped =
    (inspection.captureDate !== null && inspection.captureDate !== fields.captureDate) ||
    (inspection.offsetTimeOriginal !== null &&
      inspection.offsetTimeOriginal !== fields.offsetTimeOriginal);
  if (isDateDropped) {
    kinds.push('datetime');
  }
  if (inspection.copyright !== null && inspection.copyright !== fields.copyright) {
    kinds.push('owner');
  }
  return kinds;
}
