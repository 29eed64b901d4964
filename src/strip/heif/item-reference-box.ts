import { ByteCursor } from './byte-cursor.js';
import { ByteWriter } from './byte-writer.js';
import { encodeBox, encodeFullBox } from './encode-box.js';
import { createCorruptError } from './heif-errors.js';
import { readBoxes, readFullBoxHeader, type IsoBox } from './read-boxes.js';

/** One reference of the item reference box: `fromItemId` refers to each of `toItemIds`. */
export interface ItemReference {
  /** The reference type, such as `dimg`, `thmb`, `auxl`, `cdsc` or `base`. */
  readonly type: string;
  readonly fromItemId: number;
  readonly toItemIds: readonly number[];
}

/** The item reference box (`iref`): version 0 has 16-bit item IDs, version 1 32-bit. */
export interface ItemReferenceBox {
  readonly version: number;
  readonly references: readonly ItemReference[];
}

/**
 * Parses an `iref` box and its single-item-type reference boxes.
 *
 * @throws {AppError} `E_CORRUPT` for a version other than 0 or 1, or a reference box whose
 *   count does not match its length.
 */
export function parseItemReferenceBox(bytes: Uint8Array, box: IsoBox): ItemReferenceBox {
  const { version, contentStart } = readFullBoxHeader(bytes, box);
  if (version > 1) {
    throw createCorruptError(`'iref' has version ${version}`);
  }
  const idSize = version === 0 ? 2 : 4;
  const references = readBoxes(bytes, contentStart, box.end, "the 'iref' box").map((child) => {
    const cursor = new ByteCursor(bytes, child.payloadStart, child.end, "an 'iref' entry");
    const fromItemId = cursor.readUintOfSize(idSize);
    const count = cursor.readUint16();
    const toItemIds: number[] = [];
    for (let index = 0; index < count; index += 1) {
      toItemIds.push(cursor.readUintOfSize(idSize));
    }
    if (cursor.remaining !== 0) {
      throw createCorruptError(`an 'iref' entry has ${cursor.remaining} bytes left over`);
    }
    return { type: child.type, fromItemId, toItemIds };
  });
  return { version, references };
}

/** Encodes an `iref` box with one single-item-type reference box per reference. */
export function encodeItemReferenceBox(box: ItemReferenceBox): Uint8Array {
  const idSize = box.version === 0 ? 2 : 4;
  const entries = box.references.map((reference) => {
    const writer = new ByteWriter()
      .writeUintOfSize(reference.fromItemId, idSize)
      .writeUint16(reference.toItemIds.length);
    for (const id of reference.toItemIds) {
      writer.writeUintOfSize(id, idSize);
    }
    return encodeBox(reference.type, writer.toBytes());
  });
  return encodeFullBox('iref', box.version, 0, ...entries);
}
