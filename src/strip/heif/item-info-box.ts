import { ByteCursor } from './byte-cursor.js';
import { ByteWriter } from './byte-writer.js';
import { encodeFullBox } from './encode-box.js';
import { createCorruptError, createUnsupportedError } from './heif-errors.js';
import { describeType, readBoxes, readFullBoxHeader, type IsoBox } from './read-boxes.js';

/** One `infe` entry of the item information box. */
export interface HeifItemInfo {
  readonly id: number;
  /** The item type, such as `hvc1`, `av01`, `grid`, `Exif` or `mime`. */
  readonly type: string;
  /** The `infe` version: 2 (16-bit item ID) or 3 (32-bit). */
  readonly version: number;
  /** The `infe` flags. Bit 0 marks a hidden item that is not meant to be displayed. */
  readonly flags: number;
  readonly protectionIndex: number;
  readonly name: string;
  /** The MIME type of a `mime` item, such as `application/rdf+xml` for XMP, else null. */
  readonly contentType: string | null;
  /** The content encoding of a `mime` item, such as `deflate`, or null when absent or empty. */
  readonly contentEncoding: string | null;
}

/** The item information box (`iinf`): its version and entries in file order. */
export interface ItemInfoBox {
  readonly version: number;
  readonly items: readonly HeifItemInfo[];
}

/**
 * Parses an `iinf` box and its `infe` entries (versions 2 and 3).
 *
 * @throws {AppError} `E_CORRUPT` for an entry count that does not match the entries, a
 *   repeated item ID or a malformed entry, and `E_UNSUPPORTED_FORMAT` for `infe` versions 0
 *   and 1, which HEIF does not use.
 */
export function parseItemInfoBox(bytes: Uint8Array, box: IsoBox): ItemInfoBox {
  const { version, contentStart } = readFullBoxHeader(bytes, box);
  const cursor = new ByteCursor(bytes, contentStart, box.end, "the 'iinf' box");
  const entryCount = version === 0 ? cursor.readUint16() : cursor.readUint32();
  const entries = readBoxes(bytes, cursor.offset, box.end, "the 'iinf' box");
  if (entries.length !== entryCount) {
    throw createCorruptError(
      `'iinf' declares ${entryCount} entries but contains ${entries.length}`,
    );
  }
  const items: HeifItemInfo[] = [];
  const ids = new Set<number>();
  for (const entry of entries) {
    if (entry.type !== 'infe') {
      throw createCorruptError(`'iinf' contains a '${describeType(entry.type)}' box`);
    }
    const item = parseItemInfoEntry(bytes, entry);
    if (ids.has(item.id)) {
      throw createCorruptError(`item ${item.id} has two 'infe' entries`);
    }
    ids.add(item.id);
    items.push(item);
  }
  return { version, items };
}

function parseItemInfoEntry(bytes: Uint8Array, box: IsoBox): HeifItemInfo {
  const { version, flags, contentStart } = readFullBoxHeader(bytes, box);
  if (version !== 2 && version !== 3) {
    throw createUnsupportedError(`an 'infe' box has version ${version}, not 2 or 3`);
  }
  const cursor = new ByteCursor(bytes, contentStart, box.end, "an 'infe' box");
  const id = version === 2 ? cursor.readUint16() : cursor.readUint32();
  const protectionIndex = cursor.readUint16();
  const type = cursor.readFourCc();
  const name = cursor.readString();
  let contentType: string | null = null;
  let contentEncoding: string | null = null;
  if (type === 'mime') {
    contentType = cursor.readString();
    contentEncoding = cursor.remaining > 0 ? cursor.readString() || null : null;
  }
  return { id, type, version, flags, protectionIndex, name, contentType, contentEncoding };
}

/**
 * Encodes an `iinf` box whose entries carry only ID, type and flags: no name, and no
 * protection. A `mime` entry keeps its content type and encoding.
 */
export function encodeItemInfoBox(version: number, items: readonly HeifItemInfo[]): Uint8Array {
  const count = new ByteWriter().writeUintOfSize(items.length, version === 0 ? 2 : 4);
  return encodeFullBox('iinf', version, 0, count.toBytes(), ...items.map(encodeItemInfoEntry));
}

function encodeItemInfoEntry(item: HeifItemInfo): Uint8Array {
  const writer = new ByteWriter()
    .writeUintOfSize(item.id, item.version === 2 ? 2 : 4)
    .writeUint16(0)
    .writeFourCc(item.type)
    .writeUint8(0);
  if (item.type === 'mime') {
    writer.writeBytes(Buffer.from(`${item.contentType ?? ''}\0`, 'utf8'));
    if (item.contentEncoding !== null) {
      writer.writeBytes(Buffer.from(`${item.contentEncoding}\0`, 'utf8'));
    }
  }
  return encodeFullBox('infe', item.version, item.flags, writer.toBytes());
}
