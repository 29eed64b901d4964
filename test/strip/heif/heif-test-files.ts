import { readHeifFile } from '../../../src/strip/heif/read-heif-file.js';
import { mapItemProperties } from '../../../src/strip/heif/map-item-properties.js';
import { readItemData } from '../../../src/strip/heif/resolve-item-extents.js';

/**
 * Builds HEIF files box by box for tests, with its own small encoder: the layouts the
 * stripper must handle (several `mdat` boxes, base offsets, `idat` data, `meta` after `mdat`,
 * vendor boxes) are hard to get from any one writer.
 */

/** One property as an item lists it. */
export interface TestProperty {
  /** The whole property box. */
  readonly box: Uint8Array;
  readonly isEssential?: boolean;
}

/** One item of a test file. */
export interface TestItem {
  readonly id: number;
  readonly type: string;
  /** The item's data; an item without data gets no `iloc` entry. */
  readonly data?: Uint8Array;
  readonly isHidden?: boolean;
  readonly name?: string;
  /** The MIME type of a `mime` item. */
  readonly contentType?: string;
  /** Stores the data in `idat` (construction method 1) instead of `mdat`. */
  readonly isInItemData?: boolean;
  readonly properties?: readonly TestProperty[];
}

/** One item reference: `from` refers to each of `to` with a reference of `type`. */
export interface TestReference {
  readonly type: string;
  readonly from: number;
  readonly to: readonly number[];
}

/** The `iloc` layout of a test file. */
export interface TestLocationLayout {
  /** @default 1 */
  readonly version?: 0 | 1 | 2;
  /** @default 4 */
  readonly offsetSize?: 0 | 4 | 8;
  /** @default 4 */
  readonly lengthSize?: 0 | 4 | 8;
  /** With a non-zero size, each item's base offset points at its data and extents start at 0. */
  readonly baseOffsetSize?: 0 | 4 | 8;
  /** Splits each item's data into two extents. */
  readonly isSplit?: boolean;
}

/** Everything a test file holds. */
export interface TestHeif {
  /** The major brand, then the compatible brands. @default ['heic', 'mif1', 'heic'] */
  readonly brands?: readonly string[];
  readonly primaryItemId: number;
  readonly items: readonly TestItem[];
  readonly references?: readonly TestReference[];
  /** Whole boxes to append to `meta`, such as an entity group list. */
  readonly extraMetaBoxes?: readonly Uint8Array[];
  readonly location?: TestLocationLayout;
  /** Puts each item's data in its own `mdat` box. */
  readonly isMediaDataPerItem?: boolean;
  /** Writes `meta` after the `mdat` boxes. */
  readonly isMetaLast?: boolean;
  /** Whole top-level boxes to write right after `ftyp`. */
  readonly boxesAfterFileType?: readonly Uint8Array[];
  /** Whole top-level boxes to write at the end. */
  readonly boxesAtEnd?: readonly Uint8Array[];
  /** Bytes in `mdat` before the first item's data, which no item uses. */
  readonly unusedMediaData?: Uint8Array;
}

/** Encodes a box from its type and payload parts. */
export function box(type: string, ...parts: readonly Uint8Array[]): Buffer {
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(payload.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/** Encodes a full box: version, 24-bit flags, then the payload parts. */
export function fullBox(
  type: string,
  version: number,
  flags: number,
  ...parts: readonly Uint8Array[]
): Buffer {
  const versionAndFlags = Buffer.alloc(4);
  versionAndFlags.writeUInt32BE(version * 0x100_0000 + flags, 0);
  return box(type, versionAndFlags, ...parts);
}

/** Encodes unsigned big-endian integers of `size` bytes each (0, 1, 2, 4 or 8). */
export function uint(size: number, ...values: readonly number[]): Buffer {
  const bytes = Buffer.alloc(size * values.length);
  values.forEach((value, index) => {
    if (size === 8) {
      bytes.writeBigUInt64BE(BigInt(value), index * 8);
    } else if (size > 0) {
      bytes.writeUIntBE(value, index * size, size);
    }
  });
  return bytes;
}

/** Encodes text followed by a NUL. */
export function cString(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf8');
}

/** Encodes Exif item data as Apple and libheif write it: offset 6, `Exif\0\0`, then TIFF. */
export function createExifItemData(tiff: Uint8Array): Buffer {
  return Buffer.concat([uint(4, 6), Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** Creates an `irot` property that turns the image by `quarterTurns` × 90° anticlockwise. */
export function createRotation(quarterTurns: number): TestProperty {
  return { box: box('irot', uint(1, quarterTurns)), isEssential: true };
}

/** Creates a `colr` property that contains an ICC profile. */
export function createIccColour(profile: Uint8Array): TestProperty {
  return { box: box('colr', Buffer.from('prof', 'latin1'), profile), isEssential: false };
}

/** Creates an `auxC` property that names the type of an auxiliary image. */
export function createAuxiliaryType(auxType: string): TestProperty {
  return { box: fullBox('auxC', 0, 0, cString(auxType)), isEssential: true };
}

/** Item data placed in the file: the offset and length of each extent. */
interface PlacedData {
  readonly item: TestItem;
  readonly starts: readonly number[];
  readonly lengths: readonly number[];
}

/**
 * Builds a HEIF file from `spec`. Item data goes to `mdat` in item order (or to `idat`), and
 * `iloc` is written with the requested version and field sizes.
 */
export function buildHeif(spec: TestHeif): Buffer {
  const layout = {
    version: 1,
    offsetSize: 4,
    lengthSize: 4,
    baseOffsetSize: 0,
    isSplit: false,
    ...spec.location,
  } as const;
  const [majorBrand = 'heic', ...compatibleBrands] = spec.brands ?? ['heic', 'mif1', 'heic'];
  const fileType = box(
    'ftyp',
    Buffer.from(majorBrand, 'latin1'),
    uint(4, 0),
    ...compatibleBrands.map((brand) => Buffer.from(brand, 'latin1')),
  );
  const before = spec.boxesAfterFileType ?? [];
  const withData = spec.items.filter((item) => item.data !== undefined);
  const inMediaData = withData.filter((item) => item.isInItemData !== true);
  const inItemData = withData.filter((item) => item.isInItemData === true);
  const itemData = Buffer.concat(inItemData.map((item) => item.data ?? Buffer.alloc(0)));
  const unused = spec.unusedMediaData ?? Buffer.alloc(0);
  const isPerItem = spec.isMediaDataPerItem === true;

  const placeData = (mediaDataStart: number): PlacedData[] => {
    const placed: PlacedData[] = [];
    let offset = mediaDataStart + (isPerItem ? 0 : 8 + unused.length);
    inMediaData.forEach((item, index) => {
      if (isPerItem) {
        offset += 8 + (index === 0 ? unused.length : 0);
      }
      placed.push(splitPlacement(item, offset, layout.isSplit));
      offset += item.data?.length ?? 0;
    });
    let itemDataOffset = 0;
    for (const item of inItemData) {
      placed.push(splitPlacement(item, itemDataOffset, layout.isSplit));
      itemDataOffset += item.data?.length ?? 0;
    }
    return placed;
  };

  const encodeMeta = (placed: readonly PlacedData[]): Buffer =>
    fullBox(
      'meta',
      0,
      0,
      fullBox(
        'hdlr',
        0,
        0,
        uint(4, 0),
        Buffer.from('pict', 'latin1'),
        uint(4, 0, 0, 0),
        cString(''),
      ),
      fullBox('pitm', 0, 0, uint(2, spec.primaryItemId)),
      encodeItemInfo(spec.items),
      encodeItemReferences(spec.references ?? []),
      encodeItemProperties(spec.items),
      ...(itemData.length > 0 ? [box('idat', itemData)] : []),
      encodeItemLocations(placed, layout),
      ...(spec.extraMetaBoxes ?? []),
    );

  const mediaData = isPerItem
    ? inMediaData.map((item, index) =>
        box('mdat', index === 0 ? unused : Buffer.alloc(0), item.data ?? Buffer.alloc(0)),
      )
    : [box('mdat', unused, ...inMediaData.map((item) => item.data ?? Buffer.alloc(0)))];
  const headLength = fileType.length + before.reduce((sum, part) => sum + part.length, 0);
  const end = spec.boxesAtEnd ?? [];
  if (spec.isMetaLast === true) {
    const meta = encodeMeta(placeData(headLength));
    return Buffer.concat([fileType, ...before, ...mediaData, meta, ...end]);
  }
  // The field sizes are fixed, so the draft has the final length whatever its offsets.
  const metaLength = encodeMeta(placeData(0)).length;
  const meta = encodeMeta(placeData(headLength + metaLength));
  return Buffer.concat([fileType, ...before, meta, ...mediaData, ...end]);
}

function splitPlacement(item: TestItem, start: number, isSplit: boolean): PlacedData {
  const length = item.data?.length ?? 0;
  if (!isSplit || length < 2) {
    return { item, starts: [start], lengths: [length] };
  }
  const half = Math.floor(length / 2);
  return { item, starts: [start, start + half], lengths: [half, length - half] };
}

function encodeItemInfo(items: readonly TestItem[]): Buffer {
  const entries = items.map((item) => {
    const mime = item.type === 'mime' ? cString(item.contentType ?? '') : Buffer.alloc(0);
    const fields = [
      uint(2, item.id, 0),
      Buffer.from(item.type, 'latin1'),
      cString(item.name ?? ''),
      mime,
    ];
    return fullBox('infe', 2, item.isHidden === true ? 1 : 0, ...fields);
  });
  return fullBox('iinf', 0, 0, uint(2, items.length), ...entries);
}

function encodeItemReferences(references: readonly TestReference[]): Buffer {
  const entries = references.map((reference) =>
    box(reference.type, uint(2, reference.from, reference.to.length), uint(2, ...reference.to)),
  );
  return fullBox('iref', 0, 0, ...entries);
}

/** Encodes `iprp`, sharing one `ipco` entry between items whose property bytes are equal. */
function encodeItemProperties(items: readonly TestItem[]): Buffer {
  const boxes: Buffer[] = [];
  const indexOf = (property: TestProperty): number => {
    const existing = boxes.findIndex((candidate) => candidate.equals(property.box));
    if (existing >= 0) {
      return existing + 1;
    }
    boxes.push(Buffer.from(property.box));
    return boxes.length;
  };
  const withProperties = items.filter((item) => (item.properties ?? []).length > 0);
  const entries = withProperties.map((item) => {
    const associations = (item.properties ?? []).map(
      (property) => indexOf(property) | (property.isEssential === true ? 0x80 : 0),
    );
    return Buffer.concat([
      uint(2, item.id),
      uint(1, associations.length),
      uint(1, ...associations),
    ]);
  });
  const associationBox = fullBox('ipma', 0, 0, uint(4, withProperties.length), ...entries);
  return box('iprp', box('ipco', ...boxes), associationBox);
}

function encodeItemLocations(
  placed: readonly PlacedData[],
  layout: Required<TestLocationLayout>,
): Buffer {
  const { version, offsetSize, lengthSize, baseOffsetSize } = layout;
  const idSize = version < 2 ? 2 : 4;
  const entries = placed.map(({ item, starts, lengths }) => {
    const base = baseOffsetSize > 0 ? (starts[0] ?? 0) : 0;
    const method = version > 0 ? [uint(2, item.isInItemData === true ? 1 : 0)] : [];
    const extents = starts.map((start, index) =>
      Buffer.concat([uint(offsetSize, start - base), uint(lengthSize, lengths[index] ?? 0)]),
    );
    return Buffer.concat([
      uint(idSize, item.id),
      ...method,
      uint(2, 0),
      uint(baseOffsetSize, base),
      uint(2, starts.length),
      ...extents,
    ]);
  });
  const sizes = uint(2, (offsetSize << 12) | (lengthSize << 8) | (baseOffsetSize << 4));
  return fullBox('iloc', version, 0, sizes, uint(idSize, placed.length), ...entries);
}

/** An image item taken from a real file: its type, data and property boxes. */
export interface SourceImage {
  readonly type: string;
  readonly data: Uint8Array;
  readonly properties: readonly TestProperty[];
}

/**
 * Takes the image items of a file written by a real encoder (sharp, heif-enc), so that test
 * files built around them decode to real pixels.
 */
export function takeImageItems(bytes: Uint8Array): Map<number, SourceImage> {
  const file = readHeifFile(bytes);
  const properties = mapItemProperties(file.meta);
  const images = new Map<number, SourceImage>();
  for (const item of file.meta.itemInfo.items) {
    images.set(item.id, {
      type: item.type,
      data: readItemData(file, item.id),
      properties: (properties.get(item.id) ?? []).map((property) => ({
        box: bytes.subarray(property.box.start, property.box.end),
        isEssential: property.isEssential,
      })),
    });
  }
  return images;
}
