import { crc32 } from 'node:zlib';
import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { MAX_PNG_CHUNKS, PngChunk } from '../strip/png/walk-png-chunks.js';
import { isValidPngIccChunk } from './is-valid-png-icc-chunk.js';
import { readVerifiedPngHeader } from './read-verified-png-header.js';
import { verifyMinimalExif } from './verify-minimal-exif.js';
import { verifyPngAnimation } from './verify-png-animation.js';
import { verifyPngChunkContents } from './verify-png-chunk-contents.js';
import { verifyPngImageData } from './verify-png-image-data.js';

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

const ANIMATION_CHUNK_TYPES: ReadonlySet<string> = new Set(['acTL', 'fcTL', 'fdAT']);

/**
 * Checks a cleaned PNG against its input by walking both again, independently of the
 * stripper. The cleaned file may contain only allowlisted chunks with valid lengths and CRCs,
 * and nothing after IEND. It may have one `eXIf` before the first IDAT, which must be exactly
 * the minimal EXIF block the policy allows. The input's image-defining chunks must be there
 * byte for byte and in order. `iCCP` is allowed only when the policy keeps colour profiles,
 * and `caBX` only in a file left untouched under `contentCredentials`.
 *
 * The kept chunks' contents must also be valid for their type, so no other bytes ride along:
 * see {@link verifyPngChunkContents}, {@link verifyPngAnimation} and {@link verifyPngImageData},
 * which inflates the image data to check that nothing follows its zlib streams.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the first check that failed, `E_CORRUPT` for
 *   image data that does not inflate exactly as its dimensions need (it is the input's, copied
 *   as it is), and `E_FILE_TOO_LARGE` for image data past the inflation bounds.
 */
export function verifyPngStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const isUntouched = Buffer.compare(input, output) === 0;
  const { chunks: outputChunks, trailerLength } = readChunks(output, 'cleaned');
  const inputChunks = isUntouched ? outputChunks : readChunks(input, 'input').chunks;
  if (trailerLength > 0) {
    fail(`${trailerLength} bytes follow the IEND chunk of the cleaned PNG.`);
  }

  const copiedTypes = new Set(COPIED_CHUNK_TYPES);
  if (policy.colorProfile === true) {
    copiedTypes.add('iCCP');
  }
  if (policy.contentCredentials && isUntouched) {
    copiedTypes.add('caBX');
  }
  checkAllowedChunks(outputChunks, copiedTypes, policy);

  const header = readVerifiedPngHeader(outputChunks[0]?.data ?? new Uint8Array(0));
  verifyPngChunkContents(outputChunks, header);
  const frames = verifyPngAnimation(outputChunks, header);
  if (!isUntouched) {
    const files = { input: toBuffer(input), output: toBuffer(output) };
    checkCopiedChunks(files, inputChunks, outputChunks, copiedTypes);
    if (policy.colorProfile === true) {
      checkKeptProfile(inputChunks, outputChunks);
    }
  }
  verifyPngImageData(output, outputChunks, header, frames);
}

/**
 * Checks that the cleaned file contains the input's copied chunks byte for byte and in order.
 * Profiles are compared on their own, because the stripper drops invalid ones. Outside an APNG,
 * decoders skip the input's animation chunks, so the stripper drops them and the cleaned file
 * must have none.
 */
function checkCopiedChunks(
  files: { readonly input: Buffer; readonly output: Buffer },
  inputChunks: readonly PngChunk[],
  outputChunks: readonly PngChunk[],
  copiedTypes: ReadonlySet<string>,
): void {
  const isCompared = (chunk: PngChunk): boolean =>
    copiedTypes.has(chunk.type) && chunk.type !== 'iCCP';
  const isAnimated = isAnimatedPng(inputChunks);
  const inputCopies = inputChunks.filter(
    (chunk) => isCompared(chunk) && (isAnimated || !ANIMATION_CHUNK_TYPES.has(chunk.type)),
  );
  const outputCopies = outputChunks.filter(isCompared);
  const isSameSequence =
    inputCopies.length === outputCopies.length &&
    inputCopies.every((chunk, i) => {
      const copy = outputCopies[i];
      // Compares the ranges in place, so a file of many chunks creates no view per chunk.
      return (
        copy !== undefined &&
        files.input.compare(files.output, copy.start, copy.end, chunk.start, chunk.end) === 0
      );
    });
  if (!isSameSequence) {
    fail('The image-defining chunks of the cleaned PNG differ from the input or are out of order.');
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Returns true when an `acTL` chunk precedes the first IDAT, which makes the file an APNG. */
function isAnimatedPng(chunks: readonly PngChunk[]): boolean {
  for (const chunk of chunks) {
    if (chunk.type === 'acTL') {
      return true;
    }
    if (chunk.type === 'IDAT') {
      return false;
    }
  }
  return false;
}

/**
 * Checks that the cleaned file's profile is the input's first profile before the image data,
 * byte for byte, when that one is valid, and that it has no profile otherwise. Decoders ignore
 * an invalid profile and read only the first one, so either way the colours stay the same.
 */
function checkKeptProfile(
  inputChunks: readonly PngChunk[],
  outputChunks: readonly PngChunk[],
): void {
  const findProfile = (chunks: readonly PngChunk[]): PngChunk | undefined => {
    const imageData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
    return chunks.slice(0, imageData).find((chunk) => chunk.type === 'iCCP');
  };
  const inputProfile = findProfile(inputChunks);
  const outputProfile = findProfile(outputChunks);
  const expected =
    inputProfile !== undefined && isValidPngIccChunk(inputProfile.data) ? inputProfile : undefined;
  const isSame =
    expected === undefined
      ? outputProfile === undefined
      : isSameBytes(expected.bytes, outputProfile?.bytes);
  if (!isSame) {
    fail("The cleaned PNG's ICC profile is not the input's first valid profile.");
  }
}

function checkAllowedChunks(
  chunks: readonly PngChunk[],
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
 * returns them with the number of bytes after IEND. Each chunk costs one small object, and at
 * most {@link MAX_PNG_CHUNKS} are read.
 */
function readChunks(
  bytes: Uint8Array,
  role: 'input' | 'cleaned',
): { chunks: PngChunk[]; trailerLength: number } {
  if (!PNG_SIGNATURE.equals(bytes.subarray(0, PNG_SIGNATURE.length))) {
    fail(`The ${role} file does not start with the PNG signature.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (chunks.at(-1)?.type !== 'IEND') {
    if (offset + 12 > bytes.length) {
      fail(`The ${role} PNG ends at byte ${bytes.length} without an IEND chunk.`);
    }
    if (chunks.length === MAX_PNG_CHUNKS) {
      fail(`The ${role} PNG has more than ${MAX_PNG_CHUNKS} chunks.`);
    }
    const end = offset + 12 + view.getUint32(offset);
    const type = readType(bytes, offset + 4);
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) {
      fail(`The ${role} PNG has an invalid chunk at byte ${offset}.`);
    }
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== view.getUint32(end - 4)) {
      fail(`The ${role} PNG chunk '${type}' at byte ${offset} has a bad CRC.`);
    }
    chunks.push(new PngChunk(bytes, type, offset, end));
    offset = end;
  }
  if (chunks[0]?.type !== 'IHDR' || !chunks.some((chunk) => chunk.type === 'IDAT')) {
    fail(`The ${role} PNG does not start with an IHDR chunk or has no IDAT chunk.`);
  }
  return { chunks, trailerLength: bytes.length - offset };
}

function readType(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(
    bytes[offset] ?? 0,
    bytes[offset + 1] ?? 0,
    bytes[offset + 2] ?? 0,
    bytes[offset + 3] ?? 0,
  );
}

function isSameBytes(left: Uint8Array, right: Uint8Array | undefined): boolean {
  return right !== undefined && Buffer.compare(left, right) === 0;
}

function fail(message: string): never {
  throw new AppError('E_VERIFY_STRUCTURE', message);
}
