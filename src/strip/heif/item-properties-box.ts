import { ByteCursor } from './byte-cursor.js';
import { ByteWriter } from './byte-writer.js';
import { encodeBox, encodeFullBox } from './encode-box.js';
import { createCorruptError } from './heif-errors.js';
import { describeType, readBoxes, readFullBoxHeader, type IsoBox } from './read-boxes.js';

/** One property associated with an item. */
export interface PropertyAssociation {
  /** 1-based index into the `ipco` boxes. 0 means no property. */
  readonly index: number;
  /** True when a reader must understand the property to process the item. */
  readonly isEssential: boolean;
}

/** The ordered properties of one item, as one `ipma` entry lists them. */
export interface ItemAssociations {
  readonly itemId: number;
  readonly associations: readonly PropertyAssociation[];
}

/** One `ipma` box. Flag bit 0 selects 15-bit property indexes over 7-bit ones. */
export interface PropertyAssociationBox {
  readonly version: number;
  readonly flags: number;
  readonly entries: readonly ItemAssociations[];
}

/** The item properties box (`iprp`): the property container and its association boxes. */
export interface ItemPropertiesBox {
  /** The boxes of `ipco` in order. An association index `n` refers to `properties[n - 1]`. */
  readonly properties: readonly IsoBox[];
  readonly associationBoxes: readonly PropertyAssociationBox[];
}

/**
 * Parses an `iprp` box: one `ipco` and any number of `ipma` boxes (version 0 with 16-bit item
 * IDs or 1 with 32-bit, 7-bit or 15-bit property indexes).
 *
 * @throws {AppError} `E_CORRUPT` when `ipco` is missing or repeated, an association points
 *   past `ipco`, an item appears in two entries, or any other box is present.
 */
export function parseItemPropertiesBox(bytes: Uint8Array, box: IsoBox): ItemPropertiesBox {
  let properties: IsoBox[] | null = null;
  const associationBoxes: PropertyAssociationBox[] = [];
  for (const child of readBoxes(bytes, box.payloadStart, box.end, "the 'iprp' box")) {
    if (child.type === 'ipco' && properties === null) {
      properties = readBoxes(bytes, child.payloadStart, child.end, "the 'ipco' box");
    } else if (child.type === 'ipma') {
      associationBoxes.push(parseAssociationBox(bytes, child));
    } else {
      throw createCorruptError(`'iprp' contains a '${describeType(child.type)}' box`);
    }
  }
  if (properties === null) {
    throw createCorruptError("'iprp' has no 'ipco' box");
  }
  checkAssociations(associationBoxes, properties.length);
  return { properties, associationBoxes };
}

function parseAssociationBox(bytes: Uint8Array, box: IsoBox): PropertyAssociationBox {
  const { version, flags, contentStart } = readFullBoxHeader(bytes, box);
  if (version > 1) {
    throw createCorruptError(`'ipma' has version ${version}`);
  }
  const cursor = new ByteCursor(bytes, contentStart, box.end, "the 'ipma' box");
  const entryCount = cursor.readUint32();
  const isWide = (flags & 1) === 1;
  const entries: ItemAssociations[] = [];
  for (let entry = 0; entry < entryCount; entry += 1) {
    const itemId = version === 0 ? cursor.readUint16() : cursor.readUint32();
    const count = cursor.readUint8();
    const associations: PropertyAssociation[] = [];
    for (let index = 0; index < count; index += 1) {
      const value = isWide ? cursor.readUint16() : cursor.readUint8();
      const essentialBit = isWide ? 0x8000 : 0x80;
      associations.push({ index: value & (essentialBit - 1), isEssential: value >= essentialBit });
    }
    entries.push({ itemId, associations });
  }
  return { version, flags, entries };
}

function checkAssociations(boxes: readonly PropertyAssociationBox[], propertyCount: number): void {
  const itemIds = new Set<number>();
  for (const { itemId, associations } of boxes.flatMap((box) => box.entries)) {
    if (itemIds.has(itemId)) {
      throw createCorruptError(`item ${itemId} has two 'ipma' entries`);
    }
    itemIds.add(itemId);
    if (associations.some((association) => association.index > propertyCount)) {
      throw createCorruptError(`item ${itemId} is associated with a property past 'ipco'`);
    }
  }
}

/** Encodes an `iprp` box from the property boxes' bytes and the association boxes. */
export function encodeItemPropertiesBox(
  properties: readonly Uint8Array[],
  associationBoxes: readonly PropertyAssociationBox[],
): Uint8Array {
  return encodeBox(
    'iprp',
    encodeBox('ipco', ...properties),
    ...associationBoxes.map(encodeAssociationBox),
  );
}

function encodeAssociationBox(box: PropertyAssociationBox): Uint8Array {
  const isWide = (box.flags & 1) === 1;
  const writer = new ByteWriter().writeUint32(box.entries.length);
  for (const { itemId, associations } of box.entries) {
    writer.writeUintOfSize(itemId, box.version === 0 ? 2 : 4).writeUint8(associations.length);
    for (const { index, isEssential } of associations) {
      const essentialBit = isWide ? 0x8000 : 0x80;
      if (index >= essentialBit) {
        throw new RangeError(`\`index\` must be below ${essentialBit}; received ${index}`);
      }
      writer.writeUintOfSize(index + (isEssential ? essentialBit : 0), isWide ? 2 : 1);
    }
  }
  return encodeFullBox('ipma', box.version, box.flags, writer.toBytes());
}
