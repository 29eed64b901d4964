import sharp from 'sharp';
import { readAllTags } from '../../helpers/exiftool.js';
import { writeFixtureFile, writeMetadata } from '../../helpers/png-fixtures.js';
import { createFrames } from '../webp/webp-fixtures.js';

/**
 * GIF fixtures: pixels from sharp, comments, XMP and ICC profiles from ExifTool, and
 * byte-level block builders for what ExifTool cannot write (plain-text and unknown
 * extensions). The builders follow the GIF89a specification, apart from the code under test,
 * so a fixture does not echo its reading.
 */

/** A GIF split into its screen (header, descriptor, global colour table) and its blocks. */
export interface SplitGif {
  screen: Buffer;
  /** Each block between the screen and the trailer, whole. */
  readonly blocks: Buffer[];
}

/** Splits data into sub-blocks of at most 255 bytes, followed by the block terminator. */
export function encodeSubBlocks(data: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += 255) {
    const piece = data.subarray(offset, offset + 255);
    parts.push(Buffer.from([piece.length]), Buffer.from(piece));
  }
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** Creates a comment extension holding `text`. */
export function commentExtension(text: string): Buffer {
  return Buffer.concat([Buffer.from([0x21, 0xfe]), encodeSubBlocks(Buffer.from(text, 'latin1'))]);
}

/** Creates a plain-text extension: the 12-byte text grid header, then the text. */
export function plainTextExtension(text: string): Buffer {
  const header = Buffer.from([12, 0, 0, 0, 0, 64, 0, 16, 0, 8, 16, 1, 0]);
  const body = encodeSubBlocks(Buffer.from(text, 'latin1'));
  return Buffer.concat([Buffer.from([0x21, 0x01]), header, body]);
}

/** Creates an application extension with an 11-byte identifier and data sub-blocks. */
export function applicationExtension(identifier: string, data: Uint8Array): Buffer {
  if (identifier.length !== 11) {
    throw new Error('applicationExtension: the identifier must be 11 characters');
  }
  const head = Buffer.concat([Buffer.from([0x21, 0xff, 11]), Buffer.from(identifier, 'latin1')]);
  return Buffer.concat([head, encodeSubBlocks(data)]);
}

/** Creates a Netscape loop extension with `loops` repetitions (0 forever). */
export function loopExtension(loops: number, identifier = 'NETSCAPE2.0'): Buffer {
  return applicationExtension(identifier, Buffer.from([1, loops & 0xff, loops >> 8]));
}

/** Creates a graphic control extension with a delay in hundredths of a second. */
export function graphicControlExtension(delay: number): Buffer {
  return Buffer.from([0x21, 0xf9, 4, 0x04, delay & 0xff, delay >> 8, 0, 0]);
}

/** Splits a GIF into its screen and blocks. Throws on a layout it cannot follow. */
export function splitGif(gif: Uint8Array): SplitGif {
  const bytes = Buffer.from(gif);
  const screenEnd = 13 + getColorTableSize(bytes[10] ?? 0);
  const blocks: Buffer[] = [];
  let offset = screenEnd;
  while (bytes[offset] !== 0x3b) {
    const start = offset;
    if (bytes[offset] === 0x21) {
      offset = skipSubBlocks(bytes, offset + 2);
    } else if (bytes[offset] === 0x2c) {
      offset = skipSubBlocks(bytes, offset + 11 + getColorTableSize(bytes[offset + 9] ?? 0));
    } else {
      throw new Error(`splitGif: unknown block at byte ${offset}`);
    }
    blocks.push(bytes.subarray(start, offset));
  }
  return { screen: bytes.subarray(0, screenEnd), blocks };
}

/** Joins a screen and blocks into a GIF, adding the trailer. */
export function joinGif(gif: SplitGif): Buffer {
  return Buffer.concat([gif.screen, ...gif.blocks, Buffer.from([0x3b])]);
}

/** Returns the first byte of each block: `!` (0x21) for extensions, `,` (0x2c) for images. */
export function listBlockKinds(gif: Uint8Array): string[] {
  return splitGif(gif).blocks.map((block) =>
    block[0] === 0x2c ? 'image' : `ext-${(block[1] ?? 0).toString(16)}`,
  );
}

function getColorTableSize(packed: number): number {
  return (packed & 0x80) === 0 ? 0 : 3 * 2 ** ((packed & 0x07) + 1);
}

function skipSubBlocks(bytes: Buffer, start: number): number {
  let offset = start;
  while (bytes[offset] !== 0) {
    if (offset >= bytes.length) {
      throw new Error('splitGif: the file ends inside a block');
    }
    offset += 1 + (bytes[offset] ?? 0);
  }
  return offset + 1;
}

/** Creates a still GIF with sharp from noise. */
export async function createGif(): Promise<Buffer> {
  return sharp({
    create: {
      width: 24,
      height: 16,
      channels: 3,
      background: '#3a6ea5',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .gif()
    .toBuffer();
}

/** Creates an animated GIF with sharp: `frames` frames looping `loop` times (0 forever). */
export async function createAnimatedGif(frames = 3, loop = 0): Promise<Buffer> {
  return sharp(await createFrames(frames), { join: { animated: true } })
    .gif({ loop, delay: 100 })
    .toBuffer();
}

/** Writes metadata into a copy of a GIF with ExifTool and returns the new bytes. */
export async function writeGifMetadata(gif: Uint8Array, args: readonly string[]): Promise<Buffer> {
  return writeMetadata(gif, args, 'gif');
}

/** Reads every tag ExifTool finds in a GIF. Never print the values. */
export async function readGifTags(gif: Uint8Array): Promise<Record<string, unknown>> {
  return readAllTags(await writeFixtureFile(gif, 'gif'));
}
