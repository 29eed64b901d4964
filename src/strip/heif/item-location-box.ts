import { ByteCursor } from './byte-cursor.js';
import { ByteWriter } from './byte-writer.js';
import { encodeFullBox } from './encode-box.js';
import { createCorruptError, createUnsupportedError } from './heif-errors.js';
import { readFullBoxHeader, type IsoBox } from './read-boxes.js';

/** The source of an item's data: construction method 0 is the file, 1 the `idat` box. */
export type ConstructionMethod = 0 | 1;

/** One extent of an item's data, relative to the item's base offset. */
export interface ItemExtent {
  readonly offset: number;
  /** The length in bytes. 0 means the extent runs to the end of the file or `idat`. */
  readonly length: number;
}

/** One item's entry in the item location box. */
export interface ItemLocation {
  readonly itemId: number;
  readonly constructionMethod: ConstructionMethod;
  /** 0 for this file, else a 1-based index into the `dref` box. */
  readonly dataReferenceIndex: number;
  readonly baseOffset: number;
  readonly extents: readonly ItemExtent[];
}

/** The item location box (`iloc`): its version and entries in file order. */
export interface ItemLocationBox {
  readonly version: number;
  readonly locations: readonly ItemLocation[];
}

/** The field sizes an `iloc` box is written with. */
export interface ItemLocationFieldSizes {
  /** The size of each extent offset: 4 or 8 bytes. */
  readonly offsetSize: number;
  /** The size of each extent length: 4 or 8 bytes. */
  readonly lengthSize: number;
}

/**
 * The maximum number of extents in one `iloc` box. With 0-byte offset and length fields an
 * extent takes no bytes at all, so the box size alone does not bound the count. A camera file
 * has one extent per grid tile, a few hundred at most.
 */
const MAX_EXTENTS = 100_000;

/**
 * Parses an `iloc` box of version 0, 1 or 2 with any of the allowed field sizes: 0, 4 or 8
 * bytes, for `index_size` too from version 1. Extent indexes are read and dropped, because
 * they matter only for construction method 2, which this parser rejects.
 *
 * @throws {AppError} `E_CORRUPT` for an unknown version, a field size other than 0, 4 or 8, or
 *   a repeated item, and `E_UNSUPPORTED_FORMAT` for construction method 2 (data taken from
 *   another item).
 */
export function parseItemLocationBox(bytes: Uint8Array, box: IsoBox): ItemLocationBox {
  const { version, contentStart } = readFullBoxHeader(bytes, box);
  if (version > 2) {
    throw createCorruptError(`'iloc' has version ${version}`);
  }
  const cursor = new ByteCursor(bytes, contentStart, box.end, "the 'iloc' box");
  const sizes = cursor.readUint16();
  const fields: ParsedFieldSizes = {
    version,
    offsetSize: checkFieldSize(sizes >>> 12),
    lengthSize: checkFieldSize((sizes >>> 8) & 0xf),
    baseOffsetSize: checkFieldSize((sizes >>> 4) & 0xf),
    indexSize: version === 0 ? 0 : checkFieldSize(sizes & 0xf),
  };

  const itemCount = version < 2 ? cursor.readUint16() : cursor.readUint32();
  const locations: ItemLocation[] = [];
  const ids = new Set<number>();
  let totalExtents = 0;
  for (let index = 0; index < itemCount; index += 1) {
    const location = readLocation(cursor, fields);
    if (ids.has(location.itemId)) {
      throw createCorruptError(`item ${location.itemId} has two 'iloc' entries`);
    }
    ids.add(location.itemId);
    totalExtents += location.extents.length;
    if (totalExtents > MAX_EXTENTS) {
      throw createCorruptError(`'iloc' declares more than ${MAX_EXTENTS} extents`);
    }
    locations.push(location);
  }
  return { version, locations };
}

/** The version and field sizes that shape every entry of one `iloc` box. */
interface ParsedFieldSizes {
  readonly version: number;
  readonly offsetSize: number;
  readonly lengthSize: number;
  readonly baseOffsetSize: number;
  readonly indexSize: number;
}

function readLocation(cursor: ByteCursor, fields: ParsedFieldSizes): ItemLocation {
  const { version } = fields;
  const itemId = version < 2 ? cursor.readUint16() : cursor.readUint32();
  const method = version === 0 ? 0 : cursor.readUint16() & 0xf;
  if (method !== 0 && method !== 1) {
    throw createUnsupportedError(`item ${itemId} uses 'iloc' construction method ${method}`);
  }
  const dataReferenceIndex = cursor.readUint16();
  const baseOffset = cursor.readUintOfSize(fields.baseOffsetSize);
  const extentCount = cursor.readUint16();
  const extents: ItemExtent[] = [];
  for (let extent = 0; extent < extentCount; extent += 1) {
    cursor.readUintOfSize(fields.indexSize);
    const offset = cursor.readUintOfSize(fields.offsetSize);
    extents.push({ offset, length: cursor.readUintOfSize(fields.lengthSize) });
  }
  return { itemId, constructionMethod: method, dataReferenceIndex, baseOffset, extents };
}

function checkFieldSize(size: number): number {
  if (size !== 0 && size !== 4 && size !== 8) {
    throw createCorruptError(`'iloc' declares a field size of ${size} bytes`);
  }
  return size;
}

/**
 * Encodes an `iloc` box without base offsets or extent indexes: each extent offset is absolute
 * (in the file, or in `idat` for construction method 1) and every data reference is this file.
 * Version 0 cannot express construction method 1, so callers pass version 1 or 2 for that.
 */
export function encodeItemLocationBox(
  box: ItemLocationBox,
  sizes: ItemLocationFieldSizes,
): Uint8Array {
  const { version, locations } = box;
  const idSize = version < 2 ? 2 : 4;
  const writer = new ByteWriter()
    .writeUint16((sizes.offsetSize << 12) | (sizes.lengthSize << 8))
    .writeUintOfSize(locations.length, idSize);
  for (const location of locations) {
    writer.writeUintOfSize(location.itemId, idSize);
    if (version > 0) {
      writer.writeUint16(location.constructionMethod);
    } else if (location.constructionMethod !== 0) {
      throw new RangeError('`version` 0 cannot express construction method 1; received 0');
    }
    writer.writeUint16(0).writeUint16(location.extents.length);
    for (const extent of location.extents) {
      writer.writeUintOfSize(location.baseOffset + extent.offset, sizes.offsetSize);
      writer.writeUintOfSize(extent.length, sizes.lengthSize);
    }
  }
  return encodeFullBox('iloc', version, 0, writer.toBytes());
}
