import { crc32, deflateSync } from 'node:zlib';

/**
 * Byte-level PNG builders for test fixtures that ExifTool cannot write: generator prompts,
 * `caBX`, unknown chunks, APNG frames and trailers. They are written from the PNG
 * specification, apart from the code under test, so a fixture does not echo its reading.
 */

/** One chunk of a PNG file, split out by {@link splitChunks}. */
export interface TestChunk {
  readonly type: string;
  readonly data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Encodes one chunk with its length and CRC. */
export function encodeChunk(type: string, data: Uint8Array = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])));
  return Buffer.concat([header, data, crc]);
}

/** Splits a PNG file into its chunks up to IEND. Throws on a layout it cannot follow. */
export function splitChunks(png: Uint8Array): TestChunk[] {
  const bytes = Buffer.from(png);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error('splitChunks: not a PNG signature');
  }
  const chunks: TestChunk[] = [];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
    if (type === 'IEND') {
      break;
    }
  }
  return chunks;
}

/** Joins chunks into a PNG file, recomputing every length and CRC. */
export function joinChunks(chunks: readonly TestChunk[]): Buffer {
  return Buffer.concat([SIGNATURE, ...chunks.map((chunk) => encodeChunk(chunk.type, chunk.data))]);
}

/** Returns the chunk types of a PNG file in order. */
export function listChunkTypes(png: Uint8Array): string[] {
  return splitChunks(png).map((chunk) => chunk.type);
}

/** Returns the chunks of a given type, in order. */
export function findChunks(png: Uint8Array, type: string): TestChunk[] {
  return splitChunks(png).filter((chunk) => chunk.type === type);
}

/** Inserts chunks right before the first chunk of type `beforeType`. */
export function insertChunksBefore(
  png: Uint8Array,
  beforeType: string,
  inserted: readonly TestChunk[],
): Buffer {
  const chunks = splitChunks(png);
  const index = chunks.findIndex((chunk) => chunk.type === beforeType);
  if (index < 0) {
    throw new Error(`insertChunksBefore: no ${beforeType} chunk`);
  }
  chunks.splice(index, 0, ...inserted);
  return joinChunks(chunks);
}

/** Creates a `tEXt` chunk: Latin-1 keyword, NUL, Latin-1 text. */
export function textChunk(keyword: string, text: string): TestChunk {
  return { type: 'tEXt', data: Buffer.from(`${keyword}\0${text}`, 'latin1') };
}

/** Creates a `zTXt` chunk: keyword, NUL, compression method 0, zlib stream. */
export function compressedTextChunk(keyword: string, text: string): TestChunk {
  const head = Buffer.from(`${keyword}\0\0`, 'latin1');
  return { type: 'zTXt', data: Buffer.concat([head, deflateSync(Buffer.from(text, 'latin1'))]) };
}

/** Creates an `iTXt` chunk with empty language and translated keyword, optionally compressed. */
export function internationalTextChunk(
  keyword: string,
  text: string,
  compressed = false,
): TestChunk {
  const head = Buffer.concat([
    Buffer.from(`${keyword}\0`, 'latin1'),
    Buffer.from([compressed ? 1 : 0, 0, 0, 0]),
  ]);
  const body = Buffer.from(text, 'utf8');
  return { type: 'iTXt', data: Buffer.concat([head, compressed ? deflateSync(body) : body]) };
}

/**
 * Formats bytes the way ImageMagick writes a "Raw profile type NAME" text body: a newline,
 * the profile name, the length right-aligned in 8 columns, then hex in lines of 72 digits.
 */
export function formatRawProfile(name: string, profile: Uint8Array): string {
  const hex = Buffer.from(profile).toString('hex');
  const lines = hex.match(/.{1,72}/g) ?? [];
  return `\n${name}\n${String(profile.length).padStart(8)}\n${lines.join('\n')}\n`;
}

/** Builds a big-endian TIFF block with only IFD0 Orientation, as any EXIF writer would. */
export function orientationTiff(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22);
  return tiff;
}

/** Creates an `fcTL` frame control chunk for a frame covering the whole canvas. */
export function frameControlChunk(
  sequence: number,
  width: number,
  height: number,
  delayMs = 100,
): TestChunk {
  const data = Buffer.alloc(26);
  data.writeUInt32BE(sequence, 0);
  data.writeUInt32BE(width, 4);
  data.writeUInt32BE(height, 8);
  data.writeUInt32BE(0, 12);
  data.writeUInt32BE(0, 16);
  data.writeUInt16BE(delayMs, 20);
  data.writeUInt16BE(1000, 22);
  data.writeUInt8(0, 24);
  data.writeUInt8(0, 25);
  return { type: 'fcTL', data };
}

/**
 * Builds a two-frame APNG from two PNG files of the same size and colour type: the first
 * file's IDAT is the default image and frame 0, the second file's IDAT becomes frame 1 as
 * `fdAT` chunks. Both frames are real compressed image data.
 */
export function buildAnimatedPng(first: Uint8Array, second: Uint8Array): Buffer {
  const chunks = splitChunks(first);
  const header = chunks[0];
  if (header?.type !== 'IHDR') {
    throw new Error('buildAnimatedPng: first file does not start with IHDR');
  }
  const width = header.data.readUInt32BE(0);
  const height = header.data.readUInt32BE(4);
  const animationControl = Buffer.alloc(8);
  animationControl.writeUInt32BE(2, 0);
  animationControl.writeUInt32BE(0, 4);

  const firstImageData = chunks.filter((chunk) => chunk.type === 'IDAT');
  const otherChunks = chunks.filter((chunk) => chunk.type !== 'IDAT' && chunk.type !== 'IEND');
  let sequence = 0;
  const frames: TestChunk[] = [frameControlChunk(sequence++, width, height), ...firstImageData];
  frames.push(frameControlChunk(sequence++, width, height));
  for (const chunk of findChunks(second, 'IDAT')) {
    const sequenceField = Buffer.alloc(4);
    sequenceField.writeUInt32BE(sequence++);
    frames.push({ type: 'fdAT', data: Buffer.concat([sequenceField, chunk.data]) });
  }
  return joinChunks([
    ...otherChunks,
    { type: 'acTL', data: animationControl },
    ...frames,
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}
