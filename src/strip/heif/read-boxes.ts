import { ByteCursor } from './byte-cursor.js';
import { createCorruptError, createTruncatedError } from './heif-errors.js';

/** One ISO-BMFF box, located by absolute offsets in the file. */
export interface IsoBox {
  /** The four-character type, such as `ftyp`, `meta` or `mdat`. */
  readonly type: string;
  /** Offset of the box's first byte. */
  readonly start: number;
  /** Offset of the payload: after the size, the type and any 64-bit size. */
  readonly payloadStart: number;
  /** Offset just past the box. */
  readonly end: number;
}

/** The version and flags of a full box, and where its fields start. */
export interface FullBoxHeader {
  readonly version: number;
  readonly flags: number;
  readonly contentStart: number;
}

/**
 * The maximum number of boxes read from one container. Each box takes at least 8 bytes, so a
 * hostile file could otherwise make a list of millions of boxes. Real HEIF containers have a
 * few hundred.
 */
const MAX_BOXES_PER_CONTAINER = 100_000;

/**
 * Reads the top-level boxes of a file. Size 1 means a 64-bit size follows the type, and size 0
 * means the box runs to the end of the file.
 *
 * @throws {AppError} `E_TRUNCATED` when a box runs past the end of the file, and `E_CORRUPT`
 *   for an impossible size.
 */
export function readTopLevelBoxes(bytes: Uint8Array): IsoBox[] {
  return readBoxList(bytes, 0, bytes.length, 'the file', true);
}

/**
 * Reads the boxes that fill `bytes[start, end)`, the payload of the box `where` names. Every
 * box must end within that payload, and size 0 is not allowed there.
 *
 * @throws {AppError} `E_CORRUPT` for an impossible size, a box that overruns its container,
 *   or bytes left over that cannot hold a box.
 */
export function readBoxes(bytes: Uint8Array, start: number, end: number, where: string): IsoBox[] {
  return readBoxList(bytes, start, end, where, false);
}

function readBoxList(
  bytes: Uint8Array,
  start: number,
  end: number,
  where: string,
  isTopLevel: boolean,
): IsoBox[] {
  const boxes: IsoBox[] = [];
  let offset = start;
  while (offset < end) {
    if (boxes.length >= MAX_BOXES_PER_CONTAINER) {
      throw createCorruptError(`${where} contains more than ${MAX_BOXES_PER_CONTAINER} boxes`);
    }
    const box = readBox(bytes, offset, end, where, isTopLevel);
    boxes.push(box);
    offset = box.end;
  }
  return boxes;
}

function readBox(
  bytes: Uint8Array,
  offset: number,
  end: number,
  where: string,
  isTopLevel: boolean,
): IsoBox {
  if (end - offset < 8) {
    throw isTopLevel
      ? createTruncatedError(`the file ends inside a box header at byte ${offset}`)
      : createCorruptError(`${where} has ${end - offset} bytes left over at byte ${offset}`);
  }
  const cursor = new ByteCursor(bytes, offset, end, where);
  const size = cursor.readUint32();
  const type = cursor.readFourCc();
  let boxEnd = offset + size;
  if (size === 1) {
    boxEnd = offset + readLargeSize(cursor, isTopLevel, type);
  } else if (size === 0) {
    if (!isTopLevel) {
      throw createCorruptError(`the '${describeType(type)}' box in ${where} has size 0`);
    }
    boxEnd = end;
  } else if (size < 8) {
    throw createCorruptError(`the '${describeType(type)}' box at byte ${offset} has size ${size}`);
  }
  if (boxEnd < cursor.offset) {
    throw createCorruptError(`the '${describeType(type)}' box at byte ${offset} is too small`);
  }
  if (boxEnd > end) {
    const problem = `the '${describeType(type)}' box at byte ${offset} runs past the end of ${where}`;
    throw isTopLevel ? createTruncatedError(problem) : createCorruptError(problem);
  }
  return { type, start: offset, payloadStart: cursor.offset, end: boxEnd };
}

function readLargeSize(cursor: ByteCursor, isTopLevel: boolean, type: string): number {
  if (cursor.remaining < 8 && isTopLevel) {
    throw createTruncatedError(`the file ends inside the header of a '${describeType(type)}' box`);
  }
  const size = cursor.readUint64();
  if (size < 16) {
    throw createCorruptError(`a '${describeType(type)}' box has a 64-bit size of ${size}`);
  }
  return size;
}

/**
 * Reads the version and flags that start a full box's payload.
 *
 * @throws {AppError} `E_CORRUPT` when the payload is shorter than 4 bytes.
 */
export function readFullBoxHeader(bytes: Uint8Array, box: IsoBox): FullBoxHeader {
  const where = `the '${describeType(box.type)}' box`;
  const cursor = new ByteCursor(bytes, box.payloadStart, box.end, where);
  const word = cursor.readUint32();
  return { version: word >>> 24, flags: word & 0xffffff, contentStart: cursor.offset };
}

/** Returns a box type fit for a message: printable ASCII, else its bytes in hex. */
export function describeType(type: string): string {
  if (/^[\x20-\x7e]{4}$/.test(type)) {
    return type;
  }
  return Buffer.from(type, 'latin1').toString('hex');
}
