import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { getExifTool } from '../../helpers/exiftool.js';

/** Options for {@link createJpeg}. */
export interface CreateJpegOptions {
  /** @default 96 */
  readonly width?: number;
  /** @default 64 */
  readonly height?: number;
  /** @default false */
  readonly progressive?: boolean;
  /** @default 3 */
  readonly channels?: 1 | 3;
}

/**
 * Encodes a JPEG with sharp from a deterministic pattern busy enough that the scan data contains
 * stuffed 0xFF bytes. sharp writes no JFIF, EXIF or other metadata.
 */
export async function createJpeg(options: CreateJpegOptions = {}): Promise<Buffer> {
  const { width = 96, height = 64, progressive = false, channels = 3 } = options;
  const pixels = Buffer.alloc(width * height * channels);
  for (let index = 0; index < pixels.length; index += 1) {
    const pixel = Math.floor(index / channels);
    const x = pixel % width;
    const y = Math.floor(pixel / width);
    pixels[index] = (x * 7 + y * 13 + (index % channels) * 71 + ((x * y) % 37) * 5) & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels } })
    .jpeg({ quality: 92, progressive })
    .toBuffer();
}

/** Builds one marker segment: 0xFF, the marker, the big-endian length and the payload. */
export function createSegment(marker: number, payload: Uint8Array | string): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : Buffer.from(payload);
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([header, data]);
}

/** Returns `jpeg` with `segments` inserted right after SOI. */
export function insertAfterSoi(jpeg: Uint8Array, ...segments: Uint8Array[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** Returns `jpeg` with `trailer` appended after its EOI. */
export function appendTrailer(jpeg: Uint8Array, trailer: Uint8Array): Buffer {
  return Buffer.concat([jpeg, trailer]);
}

/** Builds a JFIF APP0 segment, optionally with an uncompressed RGB thumbnail of the given size. */
export function createJfifSegment(thumbnailWidth = 0, thumbnailHeight = 0): Buffer {
  const header = Buffer.from([
    ...Buffer.from('JFIF\0', 'latin1'),
    1,
    2, // version 1.02
    1, // dots per inch
    0,
    72,
    0,
    72,
    thumbnailWidth,
    thumbnailHeight,
  ]);
  const thumbnail = Buffer.alloc(3 * thumbnailWidth * thumbnailHeight, 0x80);
  return createSegment(0xe0, Buffer.concat([header, thumbnail]));
}

/** Builds a JFXX APP0 extension segment with a JPEG thumbnail (extension code 0x10). */
export function createJfxxSegment(thumbnail: Uint8Array): Buffer {
  return createSegment(0xe0, Buffer.concat([Buffer.from('JFXX\0\x10', 'latin1'), thumbnail]));
}

/** Builds an APP11 segment with the start of a JUMBF superbox labelled as a C2PA manifest store. */
export function createJumbfSegment(): Buffer {
  const description = Buffer.concat([
    Buffer.from('6332706100110010800000aa00389b71', 'hex'), // the C2PA box type UUID
    Buffer.from([0x03]), // toggles: requestable, label present
    Buffer.from('c2pa\0', 'latin1'),
  ]);
  const descriptionBox = Buffer.concat([boxHeader(description.length + 8, 'jumd'), description]);
  const superbox = Buffer.concat([boxHeader(descriptionBox.length + 8, 'jumb'), descriptionBox]);
  // Common identifier "JP", box instance 1, packet sequence 1.
  const packetHeader = Buffer.from([0x4a, 0x50, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01]);
  return createSegment(0xeb, Buffer.concat([packetHeader, superbox]));
}

function boxHeader(size: number, type: string): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size, 0);
  header.write(type, 4, 'latin1');
  return header;
}

/** Builds a minimal MP4: an `ftyp` box and an empty `mdat`, as a Motion Photo appends after EOI. */
export function createMp4(): Buffer {
  const brands = Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1');
  return Buffer.concat([boxHeader(brands.length + 8, 'ftyp'), brands, boxHeader(8, 'mdat')]);
}

/**
 * Builds an APP2 MPF segment whose index declares two images: the file itself and a second image of
 * `secondSize` bytes at `secondOffset` (counted from the MP header, as MPF defines).
 */
export function createMpfSegment(secondOffset: number, secondSize: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4 + 32);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(3, 8);
  writeEntry(tiff, 10, 0xb000, 7, 4, Buffer.from('0100', 'latin1').readUInt32BE(0)); // version
  writeEntry(tiff, 22, 0xb001, 4, 1, 2); // number of images
  writeEntry(tiff, 34, 0xb002, 7, 32, 50); // MP entries, at offset 50
  tiff.writeUInt32BE(0, 46); // no next IFD
  tiff.writeUInt32BE(0x20030000, 50); // first image: primary, baseline
  tiff.writeUInt32BE(0, 54); // its size is not checked here
  tiff.writeUInt32BE(0, 58); // offset 0: the file itself
  tiff.writeUInt32BE(0x00000000, 66);
  tiff.writeUInt32BE(secondSize, 70);
  tiff.writeUInt32BE(secondOffset, 74);
  return createSegment(0xe2, Buffer.concat([Buffer.from('MPF\0', 'latin1'), tiff]));
}

function writeEntry(
  target: Buffer,
  offset: number,
  tag: number,
  type: number,
  count: number,
  value: number,
): void {
  target.writeUInt16BE(tag, offset);
  target.writeUInt16BE(type, offset + 2);
  target.writeUInt32BE(count, offset + 4);
  target.writeUInt32BE(value, offset + 8);
}

/**
 * Tags for ExifTool to write. Keys may carry a group (`EXIF:Make`), which ExifTool accepts but
 * exiftool-vendored's `WriteTags` type does not list.
 */
export type FixtureTags = Readonly<Record<string, string | number | readonly string[]>>;

/**
 * Writes `jpeg` to `dir/name`, lets ExifTool add `tags` (and any extra `args`, such as
 * `-ThumbnailImage<=file`), and returns the file's path and bytes.
 */
export async function writeWithExifTool(
  dir: string,
  name: string,
  jpeg: Uint8Array,
  tags: FixtureTags,
  args: readonly string[] = [],
): Promise<{ path: string; bytes: Buffer }> {
  const filePath = path.join(dir, name);
  await writeFile(filePath, jpeg);
  await getExifTool().write(filePath, tags, {
    writeArgs: ['-overwrite_original', '-n', ...args],
  });
  return { path: filePath, bytes: await readFile(filePath) };
}

/**
 * Builds an Adobe APP14 segment as libjpeg writes it: "Adobe", version 100, both flag words 0 and
 * the colour `transform` (0 RGB or CMYK, 1 YCbCr, 2 YCCK), followed by `extra` bytes.
 */
export function createAdobeSegment(transform: number, extra: Uint8Array = Buffer.alloc(0)): Buffer {
  const header = Buffer.from([...Buffer.from('Adobe', 'latin1'), 0, 100, 0, 0, 0, 0, transform]);
  return createSegment(0xee, Buffer.concat([header, extra]));
}

/** Builds one ICC_PROFILE APP2 chunk that carries `data` as chunk `sequence` of `count`. */
export function createIccChunk(sequence: number, count: number, data: Uint8Array): Buffer {
  const header = Buffer.from([...Buffer.from('ICC_PROFILE\0', 'latin1'), sequence, count]);
  return createSegment(0xe2, Buffer.concat([header, data]));
}

/**
 * Returns `jpeg` with `segments` inserted right before its SOS number `scanIndex` (counted from
 * 0), or right before EOI when it has no such scan.
 */
export function insertBeforeScan(
  jpeg: Uint8Array,
  scanIndex: number,
  ...segments: Uint8Array[]
): Buffer {
  const offset = findScanOffsets(jpeg)[scanIndex] ?? jpeg.length - 2;
  return Buffer.concat([jpeg.subarray(0, offset), ...segments, jpeg.subarray(offset)]);
}

/**
 * Returns the offsets of the SOS markers of an encoder-written JPEG. It looks for FF DA outside
 * segments and scans by stepping over each segment's length, and skips the entropy-coded data by
 * searching for the next marker that is neither a stuffed byte nor a restart marker.
 */
function findScanOffsets(jpeg: Uint8Array): number[] {
  const bytes = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
  const offsets: number[] = [];
  let position = 2;
  while (position + 4 <= bytes.length && bytes[position + 1] !== 0xd9) {
    const marker = bytes[position + 1];
    let next = position + 2 + bytes.readUInt16BE(position + 2);
    if (marker === 0xda) {
      offsets.push(position);
      while (
        next + 1 < bytes.length &&
        (bytes[next] !== 0xff || bytes[next + 1] === 0 || ((bytes[next + 1] ?? 0) & 0xf8) === 0xd0)
      ) {
        next += 1;
      }
    }
    position = next;
  }
  return offsets;
}
