import { isJpegComplete } from './jpeg/is-jpeg-complete.js';
import { isPngComplete } from './png/is-png-complete.js';
import { sniffFormat } from './sniff-format.js';

const SUPPORTED_SIGNATURES: readonly (readonly number[])[] = [
  [0xff, 0xd8, 0xff],
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
];

/**
 * Returns true when a file's container looks fully written: a JPEG reaches EOI (and every
 * image its MPF index declares), a PNG reaches IEND. An empty file, or one that is still only
 * a prefix of the JPEG or PNG signature, returns false because its writer may not be done.
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
