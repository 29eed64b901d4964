import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { verifyMinimalExif } from './verify-minimal-exif.js';

/** One RIFF chunk as this check reads it, independently of the stripper's walker. */
interface Chunk {
  readonly fourcc: string;
  readonly start: number;
  readonly data: Uint8Array;
}

/** Chunks that define the picture or the animation; they must survive byte for byte. */
const IMAGE_TYPES: ReadonlySet<string> = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF']);

/** Chunks allowed inside an `ANMF` frame of a cleaned file. */
const FRAME_TYPES: ReadonlySet<string> = new Set(['VP8 ', 'VP8L', 'ALPH']);

/** The fixed ANMF frame header: offsets, size, duration and flags. */
const FRAME_HEADER_SIZE = 16;

/** VP8X flag bits, and the ones that describe the picture rather than metadata. */
const FLAG = { icc: 0x20, alpha: 0x10, exif: 0x08, animation: 0x02 } as const;
const IMAGE_FLAGS = FLAG.alpha | FLAG.animation;

/**
 * Checks a cleaned WebP file against its input by walking both again, independently of the
 * stripper. The cleaned file must be one RIFF chunk with nothing after it. Its chunks may be
 * VP8X, `VP8 `, `VP8L`, `ALPH`, `ANIM` and `ANMF`, whose frames contain only `ALPH`, `VP8 `
 * and `VP8L`. `ICCP` is allowed when the policy keeps colour profiles, and one `EXIF` after
 * the image data when it is our minimal block. The image chunks and frames must equal the
 * input's, in order, and an `ICCP` must equal the input's first one. The VP8X canvas must be
 * the input's (or a simple input's bitstream size), with flags that match the chunks present.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the first check that failed, never a value.
 */
export function verifyWebpStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const inputChunks = readChunks(input, 'input');
  const outputChunks = readChunks(output, 'cleaned');
  checkAllowedChunks(output, outputChunks, policy);
  checkSameParts(collectImageParts(input, inputChunks), collectImageParts(output, outputChunks));
  checkProfile(inputChunks, outputChunks);
  checkHeader(inputChunks, outputChunks);
}

/** Rejects every chunk outside the allowlist, and an `EXIF` chunk that is not our own. */
function checkAllowedChunks(
  output: Uint8Array,
  chunks: readonly Chunk[],
  policy: KeepPolicy,
): void {
  const lastImageIndex = chunks.findLastIndex((chunk) => IMAGE_TYPES.has(chunk.fourcc));
  let exifCount = 0;
  chunks.forEach((chunk, index) => {
    const where = `chunk '${chunk.fourcc}' at byte ${chunk.start}`;
    if (chunk.fourcc === 'EXIF') {
      exifCount += 1;
      if (exifCount > 1 || index < lastImageIndex) {
        fail(`The cleaned WebP has a second EXIF chunk, or one before the image data.`);
      }
      verifyMinimalExif(chunk.data, policy, `the WebP ${where}`);
    } else if (chunk.fourcc === 'ANMF') {
      checkFrame(output, chunk);
    } else if (chunk.fourcc === 'VP8X' ? index !== 0 : !isAllowedType(chunk.fourcc, policy)) {
      fail(`The cleaned WebP contains ${where}, which the keep policy does not allow.`);
    }
  });
}

function isAllowedType(fourcc: string, policy: KeepPolicy): boolean {
  return IMAGE_TYPES.has(fourcc) || (fourcc === 'ICCP' && policy.colorProfile === true);
}

function checkFrame(output: Uint8Array, frame: Chunk): void {
  for (const inner of readFrameChunks(output, frame, 'cleaned')) {
    if (!FRAME_TYPES.has(inner.fourcc)) {
      fail(`The cleaned WebP frame at byte ${frame.start} contains a '${inner.fourcc}' chunk.`);
    }
  }
}

/**
 * Returns the picture-defining parts of a file in order: each image chunk as type and
 * payload, and each frame as its header plus the type and payload of its image chunks.
 */
function collectImageParts(bytes: Uint8Array, chunks: readonly Chunk[]): Buffer[] {
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    if (chunk.fourcc === 'ANMF') {
      parts.push(
        Buffer.from(`ANMF`, 'latin1'),
        Buffer.from(chunk.data.subarray(0, FRAME_HEADER_SIZE)),
      );
      const inner = readFrameChunks(bytes, chunk, 'input');
      parts.push(...inner.filter((part) => FRAME_TYPES.has(part.fourcc)).map(toPart));
    } else if (IMAGE_TYPES.has(chunk.fourcc)) {
      parts.push(toPart(chunk));
    }
  }
  return parts;
}

function toPart(chunk: Chunk): Buffer {
  return Buffer.concat([Buffer.from(chunk.fourcc, 'latin1'), chunk.data]);
}

function checkSameParts(expected: readonly Buffer[], actual: readonly Buffer[]): void {
  const isSame =
    expected.length === actual.length &&
    expected.every((part, i) => actual[i] !== undefined && part.equals(actual[i]));
  if (!isSame) {
    fail(
      'The image chunks or frames of the cleaned WebP differ from the input or are out of order.',
    );
  }
}

/** Requires a kept `ICCP` to be the input's first one, applied under the input's ICC flag. */
function checkProfile(inputChunks: readonly Chunk[], outputChunks: readonly Chunk[]): void {
  const profiles = outputChunks.filter((chunk) => chunk.fourcc === 'ICCP');
  const [profile] = profiles;
  if (profile === undefined) {
    return;
  }
  const inputProfile = inputChunks.find((chunk) => chunk.fourcc === 'ICCP');
  const inputFlags = inputChunks[0]?.fourcc === 'VP8X' ? (inputChunks[0].data[0] ?? 0) : 0;
  const isSame =
    profiles.length === 1 &&
    (inputFlags & FLAG.icc) !== 0 &&
    inputProfile !== undefined &&
    Buffer.from(profile.data).equals(inputProfile.data);
  if (!isSame) {
    fail('The ICC profile of the cleaned WebP is repeated, new, or differs from the input.');
  }
}

/**
 * Checks the VP8X chunk: the input's canvas (or a simple input's bitstream size), the input's
 * alpha and animation flags, ICC and EXIF flags that match the chunks present, and zero
 * reserved bits. A simple input may gain a VP8X chunk only to carry an EXIF chunk.
 */
function checkHeader(inputChunks: readonly Chunk[], outputChunks: readonly Chunk[]): void {
  const [outputFirst] = outputChunks;
  const hasExif = outputChunks.some((chunk) => chunk.fourcc === 'EXIF');
  const hasIcc = outputChunks.some((chunk) => chunk.fourcc === 'ICCP');
  const expected = getExpectedHeader(inputChunks, hasExif);
  if (expected === null) {
    if (outputFirst?.fourcc === 'VP8X' || outputChunks.length !== 1) {
      fail('The cleaned WebP adds chunks to a simple file without an EXIF chunk to carry.');
    }
    return;
  }
  if (outputFirst?.fourcc !== 'VP8X' || outputFirst.data.length !== 10) {
    fail('The cleaned WebP has no 10-byte VP8X chunk first, though it needs one.');
  }
  const flags =
    ((expected[0] ?? 0) & IMAGE_FLAGS) | (hasIcc ? FLAG.icc : 0) | (hasExif ? FLAG.exif : 0);
  const isSame =
    outputFirst.data[0] === flags &&
    outputFirst.data.subarray(1, 4).every((byte) => byte === 0) &&
    Buffer.from(outputFirst.data.subarray(4)).equals(expected.subarray(4));
  if (!isSame) {
    fail('The VP8X flags or canvas of the cleaned WebP do not match the input and its chunks.');
  }
}

/**
 * Returns the VP8X payload the output's header is compared with: the input's, or for a simple
 * input that now carries EXIF, one built from its bitstream. Returns null when the output must
 * stay a simple file.
 */
function getExpectedHeader(inputChunks: readonly Chunk[], hasExif: boolean): Buffer | null {
  const [first] = inputChunks;
  if (first?.fourcc === 'VP8X') {
    return Buffer.from(first.data);
  }
  if (!hasExif || first === undefined) {
    return null;
  }
  const size = readBitstreamSize(first);
  const header = Buffer.alloc(10);
  header[0] = size.hasAlpha ? FLAG.alpha : 0;
  header.writeUIntLE(size.width - 1, 4, 3);
  header.writeUIntLE(size.height - 1, 7, 3);
  return header;
}

/** Reads the picture size from a `VP8 ` key frame header or a `VP8L` header. */
function readBitstreamSize(chunk: Chunk): { width: number; height: number; hasAlpha: boolean } {
  const data = Buffer.from(chunk.data);
  if (chunk.fourcc === 'VP8 ' && data.length >= 10 && data.readUIntBE(3, 3) === 0x9d012a) {
    return {
      width: data.readUInt16LE(6) & 0x3fff,
      height: data.readUInt16LE(8) & 0x3fff,
      hasAlpha: false,
    };
  }
  if (chunk.fourcc === 'VP8L' && data.length >= 5 && data[0] === 0x2f) {
    const fields = data.readUInt32LE(1);
    return {
      width: (fields & 0x3fff) + 1,
      height: ((fields >>> 14) & 0x3fff) + 1,
      hasAlpha: ((fields >>> 28) & 1) === 1,
    };
  }
  return fail('The input WebP starts with no readable VP8 or VP8L header.');
}

/**
 * Reads the top-level chunks, each padded to an even size. The cleaned file must end exactly
 * at its RIFF size and pad with zero bytes; the input may have bytes after the RIFF chunk.
 */
function readChunks(bytes: Uint8Array, role: 'input' | 'cleaned'): Chunk[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isRiff = buffer.toString('latin1', 0, 4) === 'RIFF';
  if (buffer.length < 12 || !isRiff || buffer.toString('latin1', 8, 12) !== 'WEBP') {
    fail(`The ${role} file does not start with a RIFF header of type WEBP.`);
  }
  const end = 8 + buffer.readUInt32LE(4);
  if (role === 'cleaned' ? end !== buffer.length : end > buffer.length) {
    fail(`The RIFF size of the ${role} WebP does not match its ${buffer.length} bytes.`);
  }
  return readChunkRange(buffer, 12, end, role);
}

/** Reads the chunks inside a frame after its 16-byte header. */
function readFrameChunks(bytes: Uint8Array, frame: Chunk, role: 'input' | 'cleaned'): Chunk[] {
  if (frame.data.length < FRAME_HEADER_SIZE) {
    fail(`The ${role} WebP frame at byte ${frame.start} is shorter than its header.`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataStart = frame.start + 8;
  return readChunkRange(buffer, dataStart + FRAME_HEADER_SIZE, dataStart + frame.data.length, role);
}

function readChunkRange(buffer: Buffer, start: number, end: number, role: string): Chunk[] {
  const chunks: Chunk[] = [];
  let offset = start;
  while (offset < end) {
    if (offset + 8 > end) {
      fail(`The ${role} WebP has a cut-off chunk header at byte ${offset}.`);
    }
    const fourcc = buffer.toString('latin1', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const dataEnd = offset + 8 + size;
    const paddedEnd = dataEnd + (size % 2);
    const hasZeroPadding = size % 2 === 0 || buffer[dataEnd] === 0;
    if (paddedEnd > end || (role === 'cleaned' && !hasZeroPadding)) {
      fail(`The ${role} WebP chunk at byte ${offset} runs past its container or lacks padding.`);
    }
    chunks.push({ fourcc, start: offset, data: buffer.subarray(offset + 8, dataEnd) });
    offset = paddedEnd;
  }
  return chunks;
}

function fail(message: string): never {
  throw new AppError('E_VERIFY_STRUCTURE', message);
}
