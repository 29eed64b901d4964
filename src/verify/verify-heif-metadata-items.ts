import { inspectExif } from '../strip/exif/inspect-exif.js';
import { buildAppleGainMapXmp, readAppleGainMapXmp } from '../strip/heif/apple-gain-map-xmp.js';
import { readAuxiliaryType } from '../strip/heif/classify-heif-property.js';
import type { HeifItemInfo } from '../strip/heif/item-info-box.js';
import { mapItemProperties } from '../strip/heif/map-item-properties.js';
import type { HeifFile } from '../strip/heif/read-heif-file.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { APPLE_GAIN_MAP_TYPE } from './heif-structure-allowlist.js';
import { failHeifStructure as fail, readItemDataOrFail } from './heif-structure-failure.js';
import { verifyMinimalExif } from './verify-minimal-exif.js';

/** The metadata items a cleaned HEIF may keep, whose contents are checked here. */
export interface HeifMetadataItems {
  readonly exifItemId: number | null;
  readonly gainMapXmpIds: readonly number[];
}

/** The start of a cleaned file's Exif item: offset 6, then `Exif\0\0`. */
const EXIF_ITEM_PREFIX = Buffer.from('00000006457869660000', 'hex');

/**
 * Checks the metadata items a cleaned HEIF kept. The Exif item must be offset 6, `Exif\0\0`
 * and our minimal block, without Orientation when the primary image has `irot` or `imir`, and
 * with the reduced Apple MakerNote only beside a kept Apple gain map.
 * Each XMP item must describe only Apple gain maps and be exactly the packet rebuilt from its
 * own version and headroom, so nothing else can hide in it.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the item that failed, never its values.
 */
export function verifyHeifMetadataItems(
  cleaned: HeifFile,
  items: HeifMetadataItems,
  policy: KeepPolicy,
  hasOrientationProperty: boolean,
): void {
  if (items.exifItemId !== null) {
    checkExifItem(cleaned, items.exifItemId, policy, hasOrientationProperty);
  }
  checkGainMapXmp(cleaned, items.gainMapXmpIds);
}

/** Returns a predicate telling whether an item carries Apple's gain-map auxiliary type. */
function createAppleGainMapTest(cleaned: HeifFile): (id: number) => boolean {
  const properties = mapItemProperties(cleaned.meta);
  return (id: number): boolean =>
    (properties.get(id) ?? []).some(
      (property) =>
        property.box.type === 'auxC' &&
        readAuxiliaryType(cleaned.bytes, property.box) === APPLE_GAIN_MAP_TYPE,
    );
}

/** Returns true for an uncompressed XMP item, which may stay as gain-map XMP by policy. */
export function isGainMapXmpCandidate(item: HeifItemInfo, policy: KeepPolicy): boolean {
  const isXmp = item.type === 'mime' && item.contentType === 'application/rdf+xml';
  return policy.hdrGainMap && isXmp && item.contentEncoding === null;
}

/**
 * Checks each kept XMP item: it must describe only Apple gain maps, and be exactly the packet
 * rebuilt from its own version and headroom, so nothing else can hide in it.
 */
function checkGainMapXmp(cleaned: HeifFile, itemIds: readonly number[]): void {
  const isAppleGainMap = createAppleGainMapTest(cleaned);
  for (const itemId of itemIds) {
    const targets = (cleaned.meta.references?.references ?? [])
      .filter((reference) => reference.type === 'cdsc' && reference.fromItemId === itemId)
      .flatMap((reference) => reference.toItemIds);
    if (targets.length === 0 || !targets.every(isAppleGainMap)) {
      fail(`XMP item ${itemId} does not describe an Apple gain map only`);
    }
    const data = readItemDataOrFail(cleaned, itemId, 'cleaned');
    const values = readAppleGainMapXmp(data);
    if (values === null || !isSameBytes(data, buildAppleGainMapXmp(values))) {
      fail(`XMP item ${itemId} holds more than the gain map's version and headroom`);
    }
  }
}

function checkExifItem(
  cleaned: HeifFile,
  itemId: number,
  policy: KeepPolicy,
  hasOrientationProperty: boolean,
): void {
  const data = readItemDataOrFail(cleaned, itemId, 'cleaned');
  if (!isSameBytes(data.subarray(0, EXIF_ITEM_PREFIX.length), EXIF_ITEM_PREFIX)) {
    fail('the Exif item does not start with offset 6 and Exif\\0\\0');
  }
  const tiff = data.subarray(EXIF_ITEM_PREFIX.length);
  const fields = verifyMinimalExif(tiff, policy, 'the HEIF Exif item');
  const isAppleGainMap = createAppleGainMapTest(cleaned);
  const hasAppleGainMap = cleaned.meta.itemInfo.items.some((item) => isAppleGainMap(item.id));
  if (fields.appleHdr !== undefined && !hasAppleGainMap) {
    fail('the Exif item holds an Apple HDR MakerNote although no Apple gain map is kept');
  }
  if (hasOrientationProperty && inspectExif(tiff).orientation !== null) {
    fail("the Exif item holds an Orientation although the primary image has 'irot' or 'imir'");
  }
}

function isSameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(right);
}
