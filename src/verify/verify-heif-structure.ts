import { AppError, isAppError } from '../shared/errors.js';
import { hasUncoveredData, type ByteRange } from '../strip/heif/byte-ranges.js';
import { readAuxiliaryType, readColourType } from '../strip/heif/classify-heif-property.js';
import type { HeifItemInfo } from '../strip/heif/item-info-box.js';
import type { ItemLocation } from '../strip/heif/item-location-box.js';
import { mapItemProperties, type AssociatedProperty } from '../strip/heif/map-item-properties.js';
import { describeType, type IsoBox } from '../strip/heif/read-boxes.js';
import { readHeifFile, type HeifFile } from '../strip/heif/read-heif-file.js';
import { resolveItemExtents, type ResolvedExtent } from '../strip/heif/resolve-item-extents.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import {
  ALLOWED_META_CHILDREN,
  C2PA_UUID,
  isAllowedAuxiliaryType,
  isAllowedImageItemType,
  isAllowedPropertyType,
} from './heif-structure-allowlist.js';
import { failHeifStructure as fail, readItemDataOrFail } from './heif-structure-failure.js';
import { verifyHeifItemLinks } from './verify-heif-item-links.js';
import {
  isGainMapXmpCandidate,
  verifyHeifMetadataItems,
  type HeifMetadataItems,
} from './verify-heif-metadata-items.js';

/** The one `dinf` a cleaned file may carry: a `dref` whose single entry means "this file". */
const SELF_CONTAINED_DINF = Buffer.from(
  '0000002464696e660000001c6472656600000000000000010000000c75726c2000000001',
  'hex',
);

/**
 * Checks a cleaned HEIF or AVIF against its input by walking both again, independently of the
 * stripper's decisions.
 *
 * The output may contain only these top-level boxes:
 * - the input's `ftyp`, then one `meta` with allowlisted children, a blank `pict` handler and
 *   data references to this file only;
 * - `mdat` boxes, and `free`/`skip` padding of zero bytes;
 * - C2PA boxes, only in a file left untouched under `contentCredentials`.
 *
 * Its items must be the input's items with the same ID, type and flags, without names:
 * - images of allowlisted types whose data equals the input's byte for byte;
 * - at most one `Exif` item that is exactly our minimal block, without Orientation when the
 *   primary image has `irot` or `imir`;
 * - under `hdrGainMap`, XMP items that describe Apple gain maps and hold only their version
 *   and headroom, in the packet we build.
 *
 * Each item's properties must equal the input's minus those the allowlist and policy drop, in
 * order and with the same essential flags. References and entity groups must be of
 * allowlisted types and come from the input, and a derived image keeps all of its inputs. No
 * non-zero byte of `mdat` or `idat` may lie outside the data of the output's items.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the first check that failed, never a metadata
 *   value.
 */
export function verifyHeifStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const source = readFile(input, 'input');
  const cleaned = readFile(output, 'cleaned');
  const isUntouched = Buffer.compare(input, output) === 0;
  checkTopLevelBoxes(source, cleaned, policy, isUntouched);
  checkMetaBoxes(cleaned);
  if (cleaned.meta.primaryItemId !== source.meta.primaryItemId) {
    fail('the primary item differs from the input');
  }
  const metadataItems = checkItems(source, cleaned, policy);
  const { exifItemId, gainMapXmpIds } = metadataItems;
  const metadataIds = new Set([...gainMapXmpIds, ...(exifItemId === null ? [] : [exifItemId])]);
  const hasOrientation = checkProperties(source, cleaned, policy, metadataIds);
  verifyHeifItemLinks(source, cleaned, metadataIds);
  checkUnusedData(cleaned);
  verifyHeifMetadataItems(cleaned, metadataItems, policy, hasOrientation);
}

function readFile(bytes: Uint8Array, role: 'input' | 'cleaned'): HeifFile {
  try {
    return readHeifFile(bytes);
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    throw new AppError(
      'E_VERIFY_STRUCTURE',
      `The ${role} HEIF cannot be walked: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

function checkTopLevelBoxes(
  source: HeifFile,
  cleaned: HeifFile,
  policy: KeepPolicy,
  isUntouched: boolean,
): void {
  const sourceFileType = source.bytes.subarray(source.fileType.start, source.fileType.end);
  if (!isSameBytes(getBoxBytes(cleaned, cleaned.fileType), sourceFileType)) {
    fail("the 'ftyp' box differs from the input");
  }
  for (const box of cleaned.boxes.slice(1)) {
    const isAllowed =
      box.type === 'meta' ||
      box.type === 'mdat' ||
      isPadding(cleaned.bytes, box) ||
      (isContentCredentials(cleaned.bytes, box) && policy.contentCredentials && isUntouched);
    if (!isAllowed) {
      fail(`a top-level '${describeType(box.type)}' box is not allowed`);
    }
  }
}

function checkMetaBoxes(cleaned: HeifFile): void {
  for (const child of cleaned.meta.children) {
    if (!ALLOWED_META_CHILDREN.has(child.type) && !isPadding(cleaned.bytes, child)) {
      fail(`a '${describeType(child.type)}' box in 'meta' is not allowed`);
    }
  }
  const { handler } = cleaned.meta;
  if (handler.handlerType !== 'pict' || !handler.isBlank) {
    fail("the 'hdlr' box is not a blank 'pict' handler");
  }
  const dinf = cleaned.meta.children.find((child) => child.type === 'dinf');
  if (dinf !== undefined && !isSameBytes(getBoxBytes(cleaned, dinf), SELF_CONTAINED_DINF)) {
    fail("the 'dinf' box holds more than a reference to this file");
  }
}

/** Checks every output item against the input's and returns the metadata items. */
function checkItems(source: HeifFile, cleaned: HeifFile, policy: KeepPolicy): HeifMetadataItems {
  const sourceItems = new Map(source.meta.itemInfo.items.map((item) => [item.id, item]));
  let exifItemId: number | null = null;
  const gainMapXmpIds: number[] = [];
  for (const item of cleaned.meta.itemInfo.items) {
    const original = sourceItems.get(item.id);
    if (original?.type !== item.type || original.flags !== item.flags) {
      fail(`item ${item.id} does not match an input item of the same type and flags`);
    }
    if (item.name !== '' || item.protectionIndex !== 0) {
      fail(`item ${item.id} has a name or is protected`);
    }
    if (item.type === 'Exif') {
      if (exifItemId !== null) {
        fail('the file has more than one Exif item');
      }
      exifItemId = item.id;
    } else if (isGainMapXmpCandidate(item, policy)) {
      gainMapXmpIds.push(item.id);
    } else if (isAllowedImageItemType(item.type, policy)) {
      checkSameItemData(source, cleaned, item);
    } else {
      fail(`item ${item.id} of type '${describeType(item.type)}' is not allowed`);
    }
  }
  const cleanedIds = new Set(cleaned.meta.itemInfo.items.map((item) => item.id));
  if (!cleanedIds.has(cleaned.meta.primaryItemId)) {
    fail('the primary item is missing');
  }
  const locations = cleaned.meta.locations?.locations ?? [];
  if (locations.some((location) => !cleanedIds.has(location.itemId))) {
    fail("'iloc' locates an item that 'iinf' does not list");
  }
  return { exifItemId, gainMapXmpIds };
}

function checkSameItemData(source: HeifFile, cleaned: HeifFile, item: HeifItemInfo): void {
  const expected = readItemDataOrFail(source, item.id, 'input');
  const actual = readItemDataOrFail(cleaned, item.id, 'cleaned');
  if (!isSameBytes(actual, expected)) {
    fail(`the data of image item ${item.id} differs from the input`);
  }
}

/**
 * Checks every property and each item's associations, and returns true when the primary
 * image has an `irot` or `imir`.
 */
function checkProperties(
  source: HeifFile,
  cleaned: HeifFile,
  policy: KeepPolicy,
  metadataIds: ReadonlySet<number>,
): boolean {
  const isAllowed = (file: HeifFile, box: IsoBox): boolean =>
    isAllowedPropertyType(
      box.type,
      box.type === 'colr' ? readColourType(file.bytes, box) : null,
      policy,
    );
  for (const box of cleaned.meta.properties?.properties ?? []) {
    if (!isAllowed(cleaned, box)) {
      fail(`a '${describeType(box.type)}' property is not allowed`);
    }
  }
  const sourceProperties = mapItemProperties(source.meta);
  const cleanedProperties = mapItemProperties(cleaned.meta);
  const cleanedIds = new Set(cleaned.meta.itemInfo.items.map((item) => item.id));
  for (const [itemId, properties] of cleanedProperties) {
    if (!cleanedIds.has(itemId) || (metadataIds.has(itemId) && properties.length > 0)) {
      fail(`'ipma' associates properties with item ${itemId}, which may have none`);
    }
    for (const property of properties.filter((p) => p.box.type === 'auxC')) {
      if (!isAllowedAuxiliaryType(readAuxiliaryType(cleaned.bytes, property.box), policy)) {
        fail(`item ${itemId} is an auxiliary image of a type that is not allowed`);
      }
    }
    // The stripper drops an `auxC` of a type that goes from an image it keeps for another role.
    const isKeptAuxiliaryType = (box: IsoBox): boolean =>
      box.type !== 'auxC' || isAllowedAuxiliaryType(readAuxiliaryType(source.bytes, box), policy);
    const expected = (sourceProperties.get(itemId) ?? []).filter(
      (property) => isAllowed(source, property.box) && isKeptAuxiliaryType(property.box),
    );
    if (!isSameProperties(source, expected, cleaned, properties)) {
      fail(`the properties of item ${itemId} differ from the input's image properties`);
    }
  }
  const primary = cleanedProperties.get(cleaned.meta.primaryItemId) ?? [];
  return primary.some((property) => ['irot', 'imir'].includes(property.box.type));
}

function isSameProperties(
  source: HeifFile,
  expected: readonly AssociatedProperty[],
  cleaned: HeifFile,
  actual: readonly AssociatedProperty[],
): boolean {
  return (
    expected.length === actual.length &&
    expected.every((property, index) => {
      const other = actual[index];
      return (
        other !== undefined &&
        other.isEssential === property.isEssential &&
        isSameBytes(getBoxBytes(cleaned, other.box), getBoxBytes(source, property.box))
      );
    })
  );
}

/** Rejects non-zero bytes in `mdat` or `idat` that no listed item's extents cover. */
function checkUnusedData(cleaned: HeifFile): void {
  const fileRanges: ByteRange[] = [];
  const itemDataRanges: ByteRange[] = [];
  const mediaData = cleaned.boxes.filter((box) => box.type === 'mdat');
  for (const location of cleaned.meta.locations?.locations ?? []) {
    for (const extent of resolveExtentsOrFail(cleaned, location)) {
      const isInMediaData = mediaData.some(
        (box) => extent.start >= box.payloadStart && extent.end <= box.end,
      );
      if (extent.source === 'file' && !isInMediaData) {
        fail(`the data of item ${location.itemId} lies outside 'mdat'`);
      }
      (extent.source === 'file' ? fileRanges : itemDataRanges).push(extent);
    }
  }
  for (const box of mediaData) {
    if (hasUncoveredData(cleaned.bytes, { start: box.payloadStart, end: box.end }, fileRanges)) {
      fail(`'mdat' at byte ${box.start} holds data that no item uses`);
    }
  }
  const idat = cleaned.meta.itemData;
  const idatRange = idat === null ? null : { start: idat.payloadStart, end: idat.end };
  if (idatRange !== null && hasUncoveredData(cleaned.bytes, idatRange, itemDataRanges)) {
    fail("'idat' holds data that no item uses");
  }
}

function resolveExtentsOrFail(file: HeifFile, location: ItemLocation): ResolvedExtent[] {
  try {
    return resolveItemExtents(file, location);
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    return fail(`the extents of item ${location.itemId} are invalid`);
  }
}

function isPadding(bytes: Uint8Array, box: IsoBox): boolean {
  const isFree = box.type === 'free' || box.type === 'skip';
  return isFree && bytes.subarray(box.payloadStart, box.end).every((byte) => byte === 0);
}

function isContentCredentials(bytes: Uint8Array, box: IsoBox): boolean {
  if (box.type === 'jumb') {
    return true;
  }
  const extendedType = Buffer.from(bytes.subarray(box.payloadStart, box.payloadStart + 16));
  return box.type === 'uuid' && extendedType.toString('hex') === C2PA_UUID;
}

function getBoxBytes(file: HeifFile, box: IsoBox): Uint8Array {
  return file.bytes.subarray(box.start, box.end);
}

function isSameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(right);
}
