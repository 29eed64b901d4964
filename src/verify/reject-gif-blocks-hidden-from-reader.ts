import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';

/** Application extensions allowed without a policy switch: the animation loop count. */
const LOOP_IDS: ReadonlySet<string> = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

/**
 * Rejects a cleaned GIF that contains data ExifReader does not read. ExifReader 4.46 reads only
 * a GIF's header and logical screen descriptor, so every extension but graphic control and
 * the loop count is unseen by it: comments, plain text, XMP and other application extensions,
 * and the ICC profile unless the policy keeps it. Bytes after the trailer are rejected too.
 * Walks only block introducers, labels and sub-block sizes, because the structure check has
 * already validated the file.
 *
 * @throws {AppError} `E_VERIFY_READER` naming the block.
 */
export function rejectGifBlocksHiddenFromReader(bytes: Uint8Array, policy: KeepPolicy): void {
  let offset = 13 + getColorTableSize(bytes[10]);
  while (offset < bytes.length && bytes[offset] !== 0x3b) {
    if (bytes[offset] === 0x2c) {
      // Image separator, 9-byte descriptor, local colour table, LZW minimum code size.
      offset = skipSubBlocks(bytes, offset + 11 + getColorTableSize(bytes[offset + 9]));
    } else {
      checkExtension(bytes, offset, policy);
      offset = skipSubBlocks(bytes, offset + 2);
    }
  }
  if (offset !== bytes.length - 1) {
    throw createError('bytes after its trailer, or no trailer');
  }
}

function checkExtension(bytes: Uint8Array, offset: number, policy: KeepPolicy): void {
  const label = bytes[offset + 1] ?? 0;
  if (label === 0xf9) {
    return;
  }
  const identifier = Buffer.from(bytes.subarray(offset + 3, offset + 14)).toString('latin1');
  const isApplication = label === 0xff && bytes[offset + 2] === 11;
  const isLoop = isApplication && LOOP_IDS.has(identifier);
  const isKeptProfile =
    isApplication && identifier.startsWith('ICCRGBG1') && policy.colorProfile === true;
  if (!isLoop && !isKeptProfile) {
    throw createError(`an extension with label 0x${label.toString(16)} at byte ${offset}`);
  }
}

/** Returns the offset just past the block terminator of the sub-blocks starting at `offset`. */
function skipSubBlocks(bytes: Uint8Array, offset: number): number {
  let position = offset;
  while (position < bytes.length && bytes[position] !== 0) {
    position += 1 + (bytes[position] ?? 0);
  }
  return position + 1;
}

function getColorTableSize(packed: number | undefined): number {
  return packed === undefined || (packed & 0x80) === 0 ? 0 : 3 * 2 ** ((packed & 0x07) + 1);
}

function createError(description: string): AppError {
  return new AppError(
    'E_VERIFY_READER',
    `The cleaned GIF still contains ${description}, which the second reader (ExifReader) does not read and the keep policy does not allow.`,
  );
}
