import { crc32 } from 'node:zlib';
import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { verifyMinimalExif } from './verify-minimal-exif.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Chunks that define the decoded image or its animation, plus pHYs and bKGD, which the
 * stripper keeps as they are. The cleaned file must carry exactly the input's chunks of these
 * types, byte for byte and in the same order.
 */
const COPIED_CHUNK_TYPES: ReadonlySet<string> = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'cICP',
  'mDCV',
  'cLLI',
  'sBIT',
  'pHYs',
  'bKGD',
  'acTL',
  'fcTL',
  'fdAT',
]);

interface CheckedChunk {
  readonly type: string;
  readonly data: Uint8Array;
  readonly bytes: Uint8Array;
}

/**
 * Checks a cleaned PNG against its input by walking both again, independently of the
 * stripper. The cleaned file may contain only allowlisted chunks with valid lengths and CRCs,
 * and nothing after IEND. It may have one `eXIf` before the first IDAT, which must be exactly
 * the minimal EXIF block the policy allows. The input's image-defining chunks must be there
 * byte for byte and in order. `iCCP` is allowed only when the policy keeps colour profiles,
 * and `caBX` only in a file left untouched under `contentCredentials`.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the first check that failed.
 */
export function verifyPngStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const inputChunks = readChunks(input, 'input').chunks;
  const { chunks: outputChunks, trailerLength } = readChunks(output, 'cleaned');
  if (trailerLength > 0) {
    fail(`${trailerLength} bytes follow the IEND chunk of the cleaned PNG.`);
  }

  const isUntouched = Buffer.compare(input, output) === 0;
  const copiedTypes = new Set(COPIED_CHUNK_TYPES);
  if (policy.colorProfile === true) {
    copiedTypes.add('iCCP');
  }
  if (policy.contentCredentials && isUntouched) {
    copiedTypes.add('caBX');
  }
  checkAllowedChunks(outputChunks, copiedTypes, policy);

  const inputCopies = inputChunks.filter((chunk) => copiedTypes.has(chunk.type));
  const outputCopies = outputChunks.filter((chunk) => copiedTypes.has(chunk.type));
  const isSameSequence =
    inputCopies.length === outputCopies.length &&
    inputCopies.every((chunk, i) => isSameBytes(chunk.bytes, outputCopies[i]?.bytes));
  if (!isSameSequence) {
    fail('The image-defining chunks of the cleaned PNG differ from the input or are out of order.');
  }
}

function checkAllowedChunks(
  chunks: readonly CheckedChunk[],
  copiedTypes: ReadonlySet<string>,
  policy: KeepPolicy,
): void {
  let seenImageData = false;
  let seenExif = false;
  for (const chunk of chunks) {
    if (chunk.type === 'eXIf') {
      if (seenExif || seenImageData) {
        fail('The cleaned PNG has a second eXIf chunk, or one after the image data.');
      }
      seenExif = true;
      verifyMinimalExif(chunk.data, policy, 'the eXIf chunk');
    } else if (chunk.type !== 'IEND' && !copiedTypes.has(chunk.type)) {
      fail(
        `The cleaned PNG contains a '${chunk.type}' chunk, which the keep policy does not allow.`,
      );
    }
    seenImageData ||= chunk.type === 'IDAT';
  }
}

/**
 * Reads every chunk from the signature to IEND, checking lengths, type letters and CRCs, and
 * returns them with the number of bytes after IEND.
 */
function readChunks(
  bytes: Uint8Array,
  role: 'input' | 'cleaned',
): { chunks: CheckedChunk[]; trailerLength: number } {
  if (!PNG_SIGNATURE.equals(bytes.subarray(0, PNG_SIGNATURE.length))) {
    fail(`The ${role} file does not start with the PNG signature.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: CheckedChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (chunks.at(-1)?.type !== 'IEND') {
    if (offset + 12 > bytes.length) {
      fail(`The ${role} PNG ends at byte ${bytes.length} without an IEND chunk.`);
    }
    const end = offset + 12 + view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) {
      fail(`The ${role} PNG has an invalid chunk at byte ${offset}.`);
    }
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== view.getUint32(end - 4)) {
      fail(`The ${role} PNG chunk '${type}' at byte ${offset} has a bad CRC.`);
    }
    chunks.push({
      type,
      data: bytes.subarray(offset + 8, end - 4),
      bytes: bytes.subarray(offset, end),
    });
    offset = end;
  }
  if (chunks[0]?.type !== 'IHDR') {
    fail(`The ${role} PNG does not start with an IHDR chunk.`);
  }
  return { chunks, trailerLength: bytes.length - offset };
}

function isSameBytes(left: Uint8Array, right: Uint8Array | undefined): boolean {
  return right !== undefined && Buffer.compare(left, right) === 0;
}

function fail(message: string): never {
  throw new AppError('E_VERIFY_STRUCTURE', message);
}
