import { createSegment } from './jpeg-fixtures.js';

/** MP types and flags of CIPA DC-007 that the fixtures use. */
export const MP_ATTRIBUTES = {
  primary: 0x20030000, // representative, baseline MP primary image
  largeThumbnail: 0x00010001, // large thumbnail (VGA equivalent)
  disparity: 0x00020002, // multi-frame image, disparity (a view of a stereo pair)
  undefined: 0x00000000, // what Ultra HDR writers give a gain map
} as const;

/** One image after the primary one, with its MP attributes. */
export interface FixtureImage {
  readonly bytes: Uint8Array;
  readonly attributes: number;
}

/** The pieces of a multi-picture JPEG, in file order. */
export interface MultiPictureParts {
  /** A complete JPEG: the MPF index is inserted after its SOI and `primarySegments`. */
  readonly primary: Uint8Array;
  /** Segments written right after SOI and before the MPF index, such as XMP. */
  readonly primarySegments?: readonly Uint8Array[];
  readonly images: readonly FixtureImage[];
  /** Bytes appended after the last image, such as a Motion Photo's MP4. */
  readonly trailer?: Uint8Array;
}

/**
 * Builds a multi-picture JPEG byte by byte: the primary image with an MPF index (big-endian,
 * offsets from its byte-order mark) declaring each image of `images`, appended in order.
 */
export function createMultiPictureJpeg(parts: MultiPictureParts): Buffer {
  const { primary, primarySegments = [], images, trailer = new Uint8Array(0) } = parts;
  const head = Buffer.concat([primary.subarray(0, 2), ...primarySegments]);
  const mpfLength = createMpfIndex([], images.length + 1).length;
  const primaryLength = primary.length + mpfLength + head.length - 2;
  const headerStart = head.length + 8;
  const entries: [number, number, number][] = [[MP_ATTRIBUTES.primary, primaryLength, 0]];
  let start = primaryLength;
  for (const image of images) {
    entries.push([image.attributes, image.bytes.length, start - headerStart]);
    start += image.bytes.length;
  }
  const mpf = createMpfIndex(entries, images.length + 1);
  return Buffer.concat([
    head,
    mpf,
    primary.subarray(2),
    ...images.map((image) => image.bytes),
    trailer,
  ]);
}

function createMpfIndex(entries: readonly [number, number, number][], count: number): Buffer {
  const tableOffset = 8 + 2 + 3 * 12 + 4;
  const tiff = Buffer.alloc(tableOffset + 16 * count);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(3, 8);
  const entry = (index: number, tag: number, type: number, itemCount: number): number => {
    const offset = 10 + index * 12;
    tiff.writeUInt16BE(tag, offset);
    tiff.writeUInt16BE(type, offset + 2);
    tiff.writeUInt32BE(itemCount, offset + 4);
    return offset + 8;
  };
  tiff.write('0100', entry(0, 0xb000, 7, 4), 'latin1');
  tiff.writeUInt32BE(count, entry(1, 0xb001, 4, 1));
  tiff.writeUInt32BE(tableOffset, entry(2, 0xb002, 7, 16 * count));
  entries.forEach(([attributes, size, offset], index) => {
    tiff.writeUInt32BE(attributes, tableOffset + index * 16);
    tiff.writeUInt32BE(size, tableOffset + index * 16 + 4);
    tiff.writeUInt32BE(offset, tableOffset + index * 16 + 8);
  });
  return createSegment(0xe2, Buffer.concat([Buffer.from('MPF\0', 'latin1'), tiff]));
}

/**
 * Builds an ISO 21496-1 gain map APP2 segment: the URN, a version block, and `body` bytes
 * standing for the binary gain map metadata.
 */
export function createIsoGainMapSegment(body: Uint8Array = Buffer.from([0, 0, 0, 0])): Buffer {
  const urn = Buffer.from('urn:iso:std:iso:ts:21496:-1\0', 'latin1');
  return createSegment(0xe2, Buffer.concat([urn, body]));
}

/** Builds a standard XMP APP1 segment around `packet`. */
export function createXmpSegment(packet: string): Buffer {
  const header = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
  return createSegment(0xe1, Buffer.concat([header, Buffer.from(packet, 'utf8')]));
}

/** Returns the images of a multi-picture JPEG by the offsets of its first MPF index. */
export function sliceMpfImages(file: Uint8Array): Buffer[] {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const segment = bytes.indexOf(Buffer.from('MPF\0', 'latin1'));
  if (segment === -1) {
    return [bytes];
  }
  const tiff = segment + 4;
  const littleEndian = bytes[tiff] === 0x49;
  const read32 = (offset: number): number =>
    littleEndian ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset);
  const read16 = (offset: number): number =>
    littleEndian ? bytes.readUInt16LE(offset) : bytes.readUInt16BE(offset);
  const ifd = tiff + read32(tiff + 4);
  const images: Buffer[] = [];
  for (let index = 0; index < read16(ifd); index += 1) {
    const entry = ifd + 2 + index * 12;
    if (read16(entry) !== 0xb002) {
      continue;
    }
    const table = tiff + read32(entry + 8);
    for (let image = 0; image < read32(entry + 4) / 16; image += 1) {
      const size = read32(table + image * 16 + 4);
      const offset = read32(table + image * 16 + 8);
      const start = offset === 0 ? 0 : tiff + offset;
      images.push(bytes.subarray(start, start + size));
    }
  }
  return images;
}
