import { ByteCursor } from './byte-cursor.js';
import { ByteWriter } from './byte-writer.js';
import { encodeBox, encodeFullBox } from './encode-box.js';
import { readBoxes, readFullBoxHeader } from './read-boxes.js';

/** One entity group of the groups list box (`grpl`), such as `altr` or `ster`. */
export interface EntityGroup {
  /** The grouping type, which is the type of the group's box. */
  readonly type: string;
  readonly version: number;
  readonly flags: number;
  /** The group ID, from the same number space as item IDs. */
  readonly groupId: number;
  readonly entityIds: readonly number[];
  /** Bytes after the entity IDs, which some grouping types define. */
  readonly extraData: Uint8Array;
}

/**
 * Parses the entity groups of a `grpl` box.
 *
 * @throws {AppError} `E_CORRUPT` when a group is shorter than its entity count.
 */
export function parseEntityGroupsBox(bytes: Uint8Array, start: number, end: number): EntityGroup[] {
  return readBoxes(bytes, start, end, "the 'grpl' box").map((box) => {
    const { version, flags, contentStart } = readFullBoxHeader(bytes, box);
    const cursor = new ByteCursor(bytes, contentStart, box.end, "a 'grpl' entry");
    const groupId = cursor.readUint32();
    const count = cursor.readUint32();
    const entityIds: number[] = [];
    for (let index = 0; index < count; index += 1) {
      entityIds.push(cursor.readUint32());
    }
    const extraData = cursor.readBytes(cursor.remaining);
    return { type: box.type, version, flags, groupId, entityIds, extraData };
  });
}

/** Encodes a `grpl` box holding `groups`. */
export function encodeEntityGroupsBox(groups: readonly EntityGroup[]): Uint8Array {
  const entries = groups.map((group) => {
    const writer = new ByteWriter().writeUint32(group.groupId).writeUint32(group.entityIds.length);
    for (const id of group.entityIds) {
      writer.writeUint32(id);
    }
    writer.writeBytes(group.extraData);
    return encodeFullBox(group.type, group.version, group.flags, writer.toBytes());
  });
  return encodeBox('grpl', ...entries);
}
