import { readIfd } from '../exif/read-ifd.js';
import { TiffReader } from '../exif/tiff-reader.js';
import { JPEG_MARKER } from './jpeg-markers.js';

/** One MP entry of an MPF index (CIPA DC-007): an image of a multi-picture file. */
export interface MpfEntry {
  /** Flags, image format and MP type, as stored. */
  readonly attributes: number;
  /** The image's length in bytes, from its SOI to its EOI. */
  readonly size: number;
  /** Offset of the image's SOI from the MP header's byte-order mark; 0 for the first image. */
  readonly offset: number;
}

/** The role an MP type gives an image. */
export type MpfImageType = 'primary' | 'thumbnail' | 'multi-frame' | 'undefined';

/** "MPF\0", which precedes the MP header's TIFF structure in APP2. */
export const MPF_IDENTIFIER = Buffer.from('MPF\0', 'latin1');

/** Offset of the MP header's byte-order mark from the segment's 0xFF: marker, length, "MPF\0". */
export const MPF_HEADER_OFFSET = 4 + MPF_IDENTIFIER.length;

const MP_VERSION_TAG = 0xb000;
const NUMBER_OF_IMAGES_TAG = 0xb001;
const MP_ENTRY_TAG = 0xb002;
const MP_ENTRY_SIZE = 16;

/** The largest number of images read from an index; MPO cameras write two to a few dozen. */
const MAX_MPF_IMAGES = 64;

/** MP types (the low 24 bits of the attributes), CIPA DC-007 5.2.3.3. */
const MP_TYPE_PRIMARY = 0x030000;
const MP_TYPE_CLASS_THUMBNAIL = 0x01;
const MP_TYPE_CLASS_MULTI_FRAME = 0x02;

/** The representative-image flag (bit 29); the dependent-image flags (bits 31 and 30) go. */
const REPRESENTATIVE_FLAG = 0x20000000;
const TYPE_MASK = 0x00ffffff;

/**
 * Reads the MP entries of an MPF APP2 payload (starting with "MPF\0"). Returns null when the
 * payload has no readable MP index IFD with one 16-byte entry per declared image.
 */
export function readMpfIndex(payload: Uint8Array): MpfEntry[] | null {
  if (!Buffer.from(payload.subarray(0, MPF_IDENTIFIER.length)).equals(MPF_IDENTIFIER)) {
    return null;
  }
  const reader = TiffReader.open(payload.subarray(MPF_IDENTIFIER.length));
  const ifd = reader === null ? null : readIfd(reader, reader.firstIfdOffset);
  const entry = ifd?.entries.find((candidate) => candidate.tag === MP_ENTRY_TAG);
  if (reader === null || entry === undefined || entry.valueLength === null) {
    return null;
  }
  const count = entry.valueLength / MP_ENTRY_SIZE;
  const table = reader.readBytes(entry.valueOffset, entry.valueLength);
  if (table === null || !Number.isInteger(count) || count < 1 || count > MAX_MPF_IMAGES) {
    return null;
  }
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const entries: MpfEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = index * MP_ENTRY_SIZE;
    entries.push({
      attributes: view.getUint32(start, reader.littleEndian),
      size: view.getUint32(start + 4, reader.littleEndian),
      offset: view.getUint32(start + 8, reader.littleEndian),
    });
  }
  return entries;
}

/** The tags of an MP index IFD that our rebuilt index carries too. */
const INDEX_TAGS: ReadonlySet<number> = new Set([
  MP_VERSION_TAG,
  NUMBER_OF_IMAGES_TAG,
  MP_ENTRY_TAG,
]);

/**
 * Returns true when an MPF APP2 payload carries more than an MP index: other tags such as
 * ImageUIDList, an MP attribute IFD (camera geometry of a stereo view), or an unreadable
 * structure. Those go when the index is rebuilt or dropped.
 */
export function hasMpfExtras(payload: Uint8Array): boolean {
  const reader = TiffReader.open(payload.subarray(MPF_IDENTIFIER.length));
  const ifd = reader === null ? null : readIfd(reader, reader.firstIfdOffset);
  if (ifd === null || !ifd.isComplete || ifd.nextIfdOffset !== 0) {
    return true;
  }
  return ifd.entries.some((entry) => !INDEX_TAGS.has(entry.tag));
}

/** Returns the role of an MP entry's image by its MP type. */
export function getMpfImageType(attributes: number): MpfImageType {
  const type = attributes & TYPE_MASK;
  if (type === MP_TYPE_PRIMARY) {
    return 'primary';
  }
  switch (type >> 16) {
    case MP_TYPE_CLASS_THUMBNAIL:
      return 'thumbnail';
    case MP_TYPE_CLASS_MULTI_FRAME:
      return 'multi-frame';
    default:
      return 'undefined';
  }
}

/**
 * Builds our MPF APP2 segment: a big-endian MP index IFD with MPFVersion "0100",
 * NumberOfImages and the MP entries, and nothing else (no ImageUIDList, no MP attribute IFD).
 * Each entry keeps its MP type and representative flag. The dependent-image flags and entry
 * numbers are cleared, because the images they name (large thumbnails) never stay.
 */
export function buildMpfSegment(entries: readonly MpfEntry[]): Uint8Array {
  const ifdOffset = 8;
  const tableOffset = ifdOffset + 2 + 3 * 12 + 4;
  const tiffSize = tableOffset + entries.length * MP_ENTRY_SIZE;
  const segment = new Uint8Array(MPF_HEADER_OFFSET + tiffSize);
  const view = new DataView(segment.buffer);
  segment.set([0xff, JPEG_MARKER.app2]);
  view.setUint16(2, segment.length - 2);
  segment.set(MPF_IDENTIFIER, 4);
  const tiff = MPF_HEADER_OFFSET;
  segment.set(Buffer.from('MM\0*', 'latin1'), tiff);
  view.setUint32(tiff + 4, ifdOffset);
  view.setUint16(tiff + ifdOffset, 3);
  const writeEntry = (index: number, tag: number, type: number, count: number): number => {
    const entry = tiff + ifdOffset + 2 + index * 12;
    view.setUint16(entry, tag);
    view.setUint16(entry + 2, type);
    view.setUint32(entry + 4, count);
    return entry + 8;
  };
  segment.set(Buffer.from('0100', 'latin1'), writeEntry(0, MP_VERSION_TAG, 7, 4));
  view.setUint32(writeEntry(1, NUMBER_OF_IMAGES_TAG, 4, 1), entries.length);
  const tablePointer = writeEntry(2, MP_ENTRY_TAG, 7, entries.length * MP_ENTRY_SIZE);
  view.setUint32(tablePointer, tableOffset);
  entries.forEach((entry, index) => {
    const start = tiff + tableOffset + index * MP_ENTRY_SIZE;
    const attributes = entry.attributes & (TYPE_MASK | REPRESENTATIVE_FLAG | 0x07000000);
    view.setUint32(start, attributes);
    view.setUint32(start + 4, entry.size);
    view.setUint32(start + 8, entry.offset);
  });
  return segment;
}
