import sharp from 'sharp';
import { readAllTags } from '../../helpers/exiftool.js';
import { writeFixtureFile, writeMetadata } from '../../helpers/png-fixtures.js';

/**
 * WebP fixtures: pixels from sharp, metadata from ExifTool, and byte-level RIFF builders for
 * what ExifTool cannot write (unknown chunks, XMP-only files, chunks inside frames). The
 * builders follow the WebP container specification (RFC 9649), apart from the code under
 * test, so a fixture does not echo its reading.
 */

/** One RIFF chunk: type and payload. */
export interface RiffChunk {
  readonly fourcc: string;
  readonly data: Buffer;
}

/** VP8X flag bits (RFC 9649, section 2.7). */
export const FLAG = { icc: 0x20, alpha: 0x10, exif: 0x08, xmp: 0x04, animation: 0x02 } as const;

/** Encodes one chunk with its little-endian size and a zero padding byte after odd data. */
export function encodeChunk(fourcc: string, data: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.write(fourcc, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
}

/** Splits a WebP file into its top-level chunks. Throws on a layout it cannot follow. */
export function splitChunks(webp: Uint8Array): RiffChunk[] {
  const bytes = Buffer.from(webp);
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP') {
    throw new Error('splitChunks: not a RIFF WEBP header');
  }
  return splitChunkRange(bytes, 12, Math.min(8 + bytes.readUInt32LE(4), bytes.length));
}

/** Splits the chunks of `bytes` from `start` to `end`. */
export function splitChunkRange(bytes: Buffer, start: number, end: number): RiffChunk[] {
  const chunks: RiffChunk[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    const size = bytes.readUInt32LE(offset + 4);
    const fourcc = bytes.toString('latin1', offset, offset + 4);
    chunks.push({ fourcc, data: bytes.subarray(offset + 8, offset + 8 + size) });
    offset += 8 + size + (size % 2);
  }
  return chunks;
}

/** Joins chunks into a WebP file, recomputing the RIFF size. */
export function joinChunks(chunks: readonly RiffChunk[]): Buffer {
  const body = Buffer.concat(chunks.map((chunk) => encodeChunk(chunk.fourcc, chunk.data)));
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** Returns the chunk types of a WebP file in order. */
export function listChunkTypes(webp: Uint8Array): string[] {
  return splitChunks(webp).map((chunk) => chunk.fourcc);
}

/** Returns the chunks of one type, in order. */
export function findChunks(webp: Uint8Array, fourcc: string): RiffChunk[] {
  return splitChunks(webp).filter((chunk) => chunk.fourcc === fourcc);
}

/** Returns the flags byte of the VP8X chunk, or null for a simple file. */
export function readFlags(webp: Uint8Array): number | null {
  return findChunks(webp, 'VP8X')[0]?.data[0] ?? null;
}

/** Creates a VP8X chunk with the given flags and canvas size. */
export function vp8xChunk(flags: number, width: number, height: number): RiffChunk {
  const data = Buffer.alloc(10);
  data[0] = flags;
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  return { fourcc: 'VP8X', data };
}

/**
 * Turns a simple WebP into an extended one: a VP8X with `flags` and the image's size, then
 * the image chunk, then `extra` chunks after it.
 */
export function extendSimpleWebp(
  simple: Uint8Array,
  flags: number,
  size: { readonly width: number; readonly height: number },
  extra: readonly RiffChunk[],
): Buffer {
  const [image] = splitChunks(simple);
  if (image === undefined) {
    throw new Error('extendSimpleWebp: no image chunk');
  }
  return joinChunks([vp8xChunk(flags, size.width, size.height), image, ...extra]);
}

/** Options for {@link createWebp}. */
export interface CreateWebpOptions {
  /** @default 24 */
  readonly width?: number;
  /** @default 16 */
  readonly height?: number;
  /** @default false */
  readonly lossless?: boolean;
  /** Adds a half-transparent alpha channel. @default false */
  readonly alpha?: boolean;
  /** Embeds one of sharp's bundled ICC profiles, such as `'p3'`. */
  readonly icc?: string;
}

/** Creates a still WebP with sharp from noise, so that decoding differences show. */
export async function createWebp(options: CreateWebpOptions = {}): Promise<Buffer> {
  const { width = 24, height = 16, lossless = false, alpha = false, icc } = options;
  let image = sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: { r: 40, g: 90, b: 160, alpha: 0.5 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
  if (icc !== undefined) {
    image = image.withIccProfile(icc);
  }
  return image.webp({ lossless, quality: 80 }).toBuffer();
}

/** Creates frames of the same size that differ in colour and in a moving stripe. */
export async function createFrames(count: number, width = 24, height = 16): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (let index = 0; index < count; index += 1) {
    const stripe = await sharp({
      create: { width: 4, height, channels: 3, background: '#f0c020' },
    })
      .png()
      .toBuffer();
    const background = { r: 200 - index * 60, g: 40 + index * 50, b: 90 };
    const frame = await sharp({ create: { width, height, channels: 3, background } })
      .composite([{ input: stripe, left: (index * 5) % (width - 4), top: 0 }])
      .png()
      .toBuffer();
    frames.push(frame);
  }
  return frames;
}

/** Creates an animated WebP with sharp: `frames` frames, looping `loop` times (0 forever). */
export async function createAnimatedWebp(frames = 3, loop = 2): Promise<Buffer> {
  return sharp(await createFrames(frames), { join: { animated: true } })
    .webp({ loop, delay: 100, lossless: true })
    .toBuffer();
}

/** Writes metadata into a copy of a WebP with ExifTool and returns the new bytes. */
export async function writeWebpMetadata(
  webp: Uint8Array,
  args: readonly string[],
): Promise<Buffer> {
  return writeMetadata(webp, args, 'webp');
}

/** Reads every tag ExifTool finds in a WebP. Never print the values. */
export async function readWebpTags(webp: Uint8Array): Promise<Record<string, unknown>> {
  return readAllTags(await writeFixtureFile(webp, 'webp'));
}
