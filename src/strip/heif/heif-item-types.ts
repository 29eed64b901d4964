/**
 * Item types of coded images (HEVC, AV1, JPEG, AVC, VVC, JPEG 2000, uncompressed, HEVC tiles
 * and layered HEVC), whose data a decoder reads.
 */
export const CODED_IMAGE_ITEM_TYPES: ReadonlySet<string> = new Set([
  'hvc1',
  'av01',
  'jpeg',
  'avc1',
  'vvc1',
  'j2k1',
  'unci',
  'hvt1',
  'lhv1',
]);

/**
 * Item types of derived images: a grid of tiles, an identity transform, an overlay, and an
 * ISO 21496-1 tone map (`tmap`, the HDR gain-map image).
 */
export const DERIVED_IMAGE_ITEM_TYPES: ReadonlySet<string> = new Set([
  'grid',
  'iden',
  'iovl',
  'tmap',
]);

/** Returns true for an item type that defines image pixels, coded or derived. */
export function isImageItemType(type: string): boolean {
  return CODED_IMAGE_ITEM_TYPES.has(type) || DERIVED_IMAGE_ITEM_TYPES.has(type);
}

/** The MIME type of an XMP item. */
export const XMP_CONTENT_TYPE = 'application/rdf+xml';

/** MIME types of C2PA content credentials stored as an item. */
export const C2PA_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'application/c2pa',
  'application/x-c2pa-manifest-store',
]);

/**
 * Reference types from an image item to the items it is built from: the inputs of a derived
 * image (`dimg`), the base of a tile (`tbas`) and the base of a pre-derived image (`base`).
 */
export const INPUT_REFERENCE_TYPES: ReadonlySet<string> = new Set(['dimg', 'tbas', 'base']);

/**
 * Reference types that survive cleaning, because they tie kept images together. `cdsc`
 * survives only from the rewritten Exif and gain-map XMP items. `prem` marks an image as
 * premultiplied by its alpha plane.
 */
export const KEPT_REFERENCE_TYPES: ReadonlySet<string> = new Set([
  'dimg',
  'tbas',
  'base',
  'auxl',
  'cdsc',
  'prem',
]);

/** Entity group types that survive: alternatives (such as a gain map and its base) and stereo pairs. */
export const KEPT_GROUP_TYPES: ReadonlySet<string> = new Set(['altr', 'ster']);
