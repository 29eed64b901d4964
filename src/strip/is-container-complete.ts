import { isGifComplete } from './gif/is-gif-complete.js';
import { isHeifComplete } from './heif/is-heif-complete.js';
import { isJpegComplete } from './jpeg/is-jpeg-complete.js';
import { isPngComplete } from './png/is-png-complete.js';
import { sniffFormat } from './sniff-format.js';
import { isTiffComplete } from './tiff/is-tiff-complete.js';
import { isWebpComplete } from './webp/is-webp-complete.js';

const SUPPORTED_SIGNATURES: readonly (readonly number[])[] = [
  [0xff, 0xd8, 0xff],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0x52, 0x49, 0x46, 0x46], // RIFF, the start of a WebP file
  [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], // GIF87a
  [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], // GIF89a
  [0x49, 0x49, 0x2a, 0x00], // II*\0, a little-endian TIFF
  [0x4d, 0x4d, 0x00, 0x2a], // MM\0*, a big-endian TIFF
];

/**
 * Returns true when a file's container looks fully written: a JPEG reaches EOI (and every
 * image its MPF index declares), a PNG reaches IEND, a WebP reaches its RIFF size, a GIF
 * reaches its trailer, a TIFF's IFDs, strips and tiles lie inside the file, a HEIF's
 * top-level boxes cover the file. An empty file, or one that is still only a prefix of one of those
 * signatures, returns false because its writer may not be done.
 * Other formats return true: the stripper rejects them, and waiting would not change that.
 */
export function isContainerComplete(bytes: Uint8Array): boolean {
  if (isSignaturePrefix(bytes)) {
    return false;
  }
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind !== 'supported') {
    return true;
  }
  switch (sniffed.format) {
    case 'jpeg':
      return isJpegComplete(bytes);
    case 'png':
      return isPngComplete(bytes);
    case 'webp':
      return isWebpComplete(bytes);
    case 'gif':
      return isGifComplete(bytes);
    case 'tiff':
      return isTiffComplete(bytes);
    case 'heif':
      return isHeifComplete(bytes);
    default:
      return true;
  }
}

function isSignaturePrefix(bytes: Uint8Array): boolean {
  return SUPPORTED_SIGNATURES.some(
    (signature) =>
      bytes.length < signature.length && bytes.every((byte, i) => byte === signature[i]),
  );
}
