import { AppError } from '../../shared/errors.js';

/** An extension block: introducer `!`, label, then data sub-blocks up to an empty one. */
export interface GifExtension {
  readonly type: 'extension';
  /** The label byte: 0xF9 graphic control, 0xFE comment, 0x01 plain text, 0xFF application. */
  readonly label: number;
  readonly start: number;
  /** The whole block, introducer to block terminator. */
  readonly bytes: Uint8Array;
  /** The data of each sub-block, without its size byte; the terminator is not listed. */
  readonly subBlocks: readonly Uint8Array[];
}

/** An image: descriptor, local colour table, LZW minimum code size and data sub-blocks. */
export interface GifImage {
  readonly type: 'image';
  readonly start: number;
  /** The whole image, separator `,` to block terminator. */
  readonly bytes: Uint8Array;
}

/** One block between the global colour table and the trailer. */
export type GifBlock = GifExtension | GifImage;

/** The blocks of a GIF file. */
export interface GifLayout {
  /** Signature, logical screen descriptor and global colour table. */
  readonly screen: Uint8Array;
  readonly blocks: readonly GifBlock[];
  /** Bytes that follow the trailer byte `;`. */
  readonly trailerLength: number;
}

/** `GIF87a` or `GIF89a`, then the 7-byte logical screen descriptor. */
const SCREEN_DESCRIPTOR_END = 13;

/** The image separator and its 9-byte descriptor. */
const IMAGE_DESCRIPTOR_SIZE = 10;

/** LZW codes are at most 12 bits, so the minimum code size of image data is at most 11. */
const MAX_LZW_MINIMUM_CODE_SIZE = 11;

export const GIF_INTRODUCER = { extension: 0x21, image: 0x2c, trailer: 0x3b } as const;

/**
 * Walks a GIF file exactly: the header and logical screen descriptor with its global colour
 * table, then extension blocks and images with their sub-blocks, up to the trailer `;`.
 *
 * @throws {AppError} `E_TRUNCATED` when the file ends before the trailer, and `E_CORRUPT` for
 *   a bad signature, an unknown block introducer, or an LZW code size no decoder accepts.
 */
export function walkGifBlocks(bytes: Uint8Array): GifLayout {
  const screenEnd = readScreenEnd(bytes);
  const blocks: GifBlock[] = [];
  let offset = screenEnd;
  for (;;) {
    const introducer = readByte(bytes, offset, 'before its trailer');
    if (introducer === GIF_INTRODUCER.trailer) {
      break;
    }
    const block = readBlock(bytes, offset, introducer);
    blocks.push(block);
    offset += block.bytes.length;
  }
  return {
    screen: bytes.subarray(0, screenEnd),
    blocks,
    trailerLength: bytes.length - offset - 1,
  };
}

function readScreenEnd(bytes: Uint8Array): number {
  const signature = String.fromCharCode(...bytes.subarray(0, 6));
  const isSignature = signature === 'GIF87a' || signature === 'GIF89a';
  const isPrefix = ['GIF87a', 'GIF89a'].some((known) => known.startsWith(signature));
  if (!isSignature && !(bytes.length < 6 && isPrefix)) {
    throw new AppError('E_CORRUPT', 'The file does not start with a GIF87a or GIF89a signature.');
  }
  const packed = readByte(bytes, 10, 'inside its logical screen descriptor');
  return SCREEN_DESCRIPTOR_END + getColorTableSize(packed);
}

function readBlock(bytes: Uint8Array, start: number, introducer: number): GifBlock {
  if (introducer === GIF_INTRODUCER.extension) {
    const label = readByte(bytes, start + 1, 'inside an extension block');
    const { end, subBlocks } = readSubBlocks(bytes, start + 2, true);
    return { type: 'extension', label, start, bytes: bytes.subarray(start, end), subBlocks };
  }
  if (introducer === GIF_INTRODUCER.image) {
    const packed = readByte(bytes, start + IMAGE_DESCRIPTOR_SIZE - 1, 'inside an image descriptor');
    const codeSizeOffset = start + IMAGE_DESCRIPTOR_SIZE + getColorTableSize(packed);
    const codeSize = readByte(bytes, codeSizeOffset, 'inside an image');
    if (codeSize > MAX_LZW_MINIMUM_CODE_SIZE) {
      throw new AppError(
        'E_CORRUPT',
        `The GIF image at byte ${start} declares an LZW minimum code size of ${codeSize}, above the maximum of ${MAX_LZW_MINIMUM_CODE_SIZE}.`,
      );
    }
    const { end } = readSubBlocks(bytes, codeSizeOffset + 1, false);
    return { type: 'image', start, bytes: bytes.subarray(start, end) };
  }
  throw new AppError(
    'E_CORRUPT',
    `The GIF file has an unknown block introducer 0x${introducer.toString(16)} at byte ${start}.`,
  );
}

/**
 * Follows data sub-blocks from `start` to the empty block terminator and returns the offset
 * just past it, with the sub-blocks' data when `collect` is true.
 */
function readSubBlocks(
  bytes: Uint8Array,
  start: number,
  collect: boolean,
): { end: number; subBlocks: Uint8Array[] } {
  const subBlocks: Uint8Array[] = [];
  let offset = start;
  for (;;) {
    const size = readByte(bytes, offset, 'inside a data sub-block');
    offset += 1;
    if (size === 0) {
      return { end: offset, subBlocks };
    }
    if (offset + size > bytes.length) {
      throw createTruncatedError(bytes, 'inside a data sub-block');
    }
    if (collect) {
      subBlocks.push(bytes.subarray(offset, offset + size));
    }
    offset += size;
  }
}

/** Returns the size in bytes of the colour table that a packed field announces, or 0. */
function getColorTableSize(packed: number): number {
  return (packed & 0x80) === 0 ? 0 : 3 * 2 ** ((packed & 0x07) + 1);
}

function readByte(bytes: Uint8Array, offset: number, where: string): number {
  const byte = bytes[offset];
  if (byte === undefined) {
    throw createTruncatedError(bytes, where);
  }
  return byte;
}

function createTruncatedError(bytes: Uint8Array, where: string): AppError {
  return new AppError('E_TRUNCATED', `The GIF file ends at byte ${bytes.length} ${where}.`);
}
