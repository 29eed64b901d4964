import { ByteCursor } from './byte-cursor.js';
import { parseEntityGroupsBox, type EntityGroup } from './entity-groups-box.js';
import { createCorruptError } from './heif-errors.js';
import { parseItemInfoBox, type ItemInfoBox } from './item-info-box.js';
import { parseItemLocationBox, type ItemLocationBox } from './item-location-box.js';
import { parseItemPropertiesBox, type ItemPropertiesBox } from './item-properties-box.js';
import { parseItemReferenceBox, type ItemReferenceBox } from './item-reference-box.js';
import { readBoxes, readFullBoxHeader, type IsoBox } from './read-boxes.js';

/** The handler box (`hdlr`): `pict` for a HEIF image collection. */
export interface HandlerInfo {
  readonly handlerType: string;
  /** The handler name, a free-text label that writers often fill with their own name. */
  readonly name: string;
  /** True when every byte but the handler type is zero: no name, and nothing hidden after it. */
  readonly isBlank: boolean;
}

/** The parsed `meta` box of a HEIF file. */
export interface HeifMeta {
  readonly box: IsoBox;
  /** The child boxes in file order, including those not parsed below. */
  readonly children: readonly IsoBox[];
  readonly handler: HandlerInfo;
  readonly primaryItemId: number;
  readonly itemInfo: ItemInfoBox;
  readonly locations: ItemLocationBox | null;
  readonly references: ItemReferenceBox | null;
  readonly properties: ItemPropertiesBox | null;
  /** The item data box (`idat`), which construction method 1 addresses. */
  readonly itemData: IsoBox | null;
  readonly groups: readonly EntityGroup[] | null;
  /**
   * For each `dref` entry, in order, whether it means "this file" (flag 1). Null without a
   * `dinf` box.
   */
  readonly dataReferences: readonly boolean[] | null;
}

/** `meta` children that may appear at most once, and that this reader parses. */
const SINGLE_CHILDREN: ReadonlySet<string> = new Set([
  'hdlr',
  'pitm',
  'iinf',
  'iloc',
  'iref',
  'iprp',
  'idat',
  'grpl',
  'dinf',
]);

/**
 * Parses a HEIF `meta` box: handler, primary item, item information, locations, references,
 * properties, item data, entity groups and data references. Other children are listed in
 * `children` only.
 *
 * @throws {AppError} `E_CORRUPT` when `hdlr`, `pitm` or `iinf` is missing, a parsed child
 *   appears twice, or any child is malformed; `E_UNSUPPORTED_FORMAT` from the item parsers.
 */
export function readHeifMeta(bytes: Uint8Array, box: IsoBox): HeifMeta {
  const { version, contentStart } = readFullBoxHeader(bytes, box);
  if (version !== 0) {
    throw createCorruptError(`'meta' has version ${version}`);
  }
  const children = readBoxes(bytes, contentStart, box.end, "the 'meta' box");
  const byType = new Map<string, IsoBox>();
  for (const child of children) {
    if (SINGLE_CHILDREN.has(child.type)) {
      if (byType.has(child.type)) {
        throw createCorruptError(`'meta' contains two '${child.type}' boxes`);
      }
      byType.set(child.type, child);
    }
  }
  const find = (type: string): IsoBox | null => byType.get(type) ?? null;
  const require = (type: string): IsoBox => {
    const child = find(type);
    if (child === null) {
      throw createCorruptError(`'meta' has no '${type}' box`);
    }
    return child;
  };
  const references = find('iref');
  const properties = find('iprp');
  const locations = find('iloc');
  const groups = find('grpl');
  const dataInformation = find('dinf');
  return {
    box,
    children,
    handler: parseHandler(bytes, require('hdlr')),
    primaryItemId: parsePrimaryItem(bytes, require('pitm')),
    itemInfo: parseItemInfoBox(bytes, require('iinf')),
    locations: locations === null ? null : parseItemLocationBox(bytes, locations),
    references: references === null ? null : parseItemReferenceBox(bytes, references),
    properties: properties === null ? null : parseItemPropertiesBox(bytes, properties),
    itemData: find('idat'),
    groups: groups === null ? null : parseEntityGroupsBox(bytes, groups.payloadStart, groups.end),
    dataReferences: dataInformation === null ? null : parseDataReferences(bytes, dataInformation),
  };
}

function parseHandler(bytes: Uint8Array, box: IsoBox): HandlerInfo {
  const { contentStart } = readFullBoxHeader(bytes, box);
  const cursor = new ByteCursor(bytes, contentStart, box.end, "the 'hdlr' box");
  cursor.readUint32();
  const handlerType = cursor.readFourCc();
  cursor.readBytes(12);
  const name = cursor.readString();
  const fields = bytes.subarray(contentStart, box.end);
  const isBlank = fields.every((byte, index) => byte === 0 || (index >= 4 && index < 8));
  return { handlerType, name, isBlank };
}

function parsePrimaryItem(bytes: Uint8Array, box: IsoBox): number {
  const { version, contentStart } = readFullBoxHeader(bytes, box);
  const cursor = new ByteCursor(bytes, contentStart, box.end, "the 'pitm' box");
  return version === 0 ? cursor.readUint16() : cursor.readUint32();
}

/** Returns, per `dref` entry, whether it is a `url ` or `urn ` entry meaning "this file". */
function parseDataReferences(bytes: Uint8Array, box: IsoBox): boolean[] {
  const entries: boolean[] = [];
  for (const child of readBoxes(bytes, box.payloadStart, box.end, "the 'dinf' box")) {
    if (child.type !== 'dref') {
      continue;
    }
    const { contentStart } = readFullBoxHeader(bytes, child);
    const cursor = new ByteCursor(bytes, contentStart, child.end, "the 'dref' box");
    cursor.readUint32();
    for (const entry of readBoxes(bytes, cursor.offset, child.end, "the 'dref' box")) {
      const isUrl = entry.type === 'url ' || entry.type === 'urn ';
      entries.push(isUrl && (readFullBoxHeader(bytes, entry).flags & 1) === 1);
    }
  }
  return entries;
}
