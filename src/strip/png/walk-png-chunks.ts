import { crc32 } from 'node:zlib';
import { AppError } from '../../shared/errors.js';

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Length, type and CRC fields around each chunk's data, in bytes. */
const CHUNK_OVERHEAD = 12;

/** The PNG specification caps a chunk's data length at 2^31 - 1 bytes. */
const MAX_CHUNK_LENGTH = 0x7fff_ffff;

/** One chunk of a PNG file, as views into the file's bytes. */
export interface PngChunk {
  /** The four-letter chunk type, such as `IHDR` or `tEXt`. */
  readonly type: string;
  /** Offset of the chunk's length field in the file. */
  readonly start: number;
  /** Offset just past the chunk's CRC. */
  readonly end: number;
  /** The chunk's data field, without length, type and CRC. */
  readonly data: Uint8Array;
  /** The whole chunk: length, type, data and CRC. */
  readonly bytes: Uint8Array;
}

/** The chunks of a PNG file up to IEND, and the size of anything after it. */
export interface PngLayout {
  readonly chunks: readonly PngChunk[];
  /** Offset just past the IEND chunk. */
  readonly imageEnd: number;
  /** Bytes that follow IEND. */
  readonly trailerLength: number;
}

/** Returns true when the first letter's case bit marks the chunk as critical. */
export function isCriticalChunkType(type: string): boolean {
  const first = type.charCodeAt(0);
  return first >= 0x41 && first <= 0x5a;
}

/** Returns true when `bytes` starts with the PNG signature. */
export function hasPngSignature(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)
  );
}

/**
 * Walks a PNG file from its signature to IEND, checking every chunk's length, type letters
 * and CRC, that IHDR comes first with 13 bytes, that IEND is empty, and that IDAT is present.
 *
 * @throws {AppError} `E_CORRUPT` for a bad signature, length, type, CRC or chunk order, and
 *   `E_TRUNCATED` when the file ends inside a chunk or before IEND.
 */
export function walkPngChunks(bytes: Uint8Array): PngLayout {
  checkSignature(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;

  for (;;) {
    const chunk = readChunk(bytes, view, offset);
    checkChunkPlacement(chunk, chunks.length);
    chunks.push(chunk);
    offset = chunk.end;
    if (chunk.type === 'IEND') {
      break;
    }
  }

  if (!chunks.some((chunk) => chunk.type === 'IDAT')) {
    throw new AppError(
      'E_CORRUPT',
      'The PNG file is missing its IDAT chunk, so it contains no image data.',
    );
  }
  return { chunks, imageEnd: offset, trailerLength: bytes.length - offset };
}

function checkSignature(bytes: Uint8Array): void {
  if (hasPngSignature(bytes)) {
    return;
  }
  const isSignaturePrefix = PNG_SIGNATURE.subarray(0, bytes.length).every(
    (byte, i) => bytes[i] === byte,
  );
  if (bytes.length < PNG_SIGNATURE.length && isSignaturePrefix) {
    throw new AppError('E_TRUNCATED', 'The PNG file ends inside its 8-byte signature.');
  }
  throw new AppError('E_CORRUPT', 'The file does not start with the PNG signature.');
}

function readChunk(bytes: Uint8Array, view: DataView, start: number): PngChunk {
  if (start + CHUNK_OVERHEAD > bytes.length) {
    throw new AppError(
      'E_TRUNCATED',
      `The PNG file ends at byte ${bytes.length} before its IEND chunk.`,
    );
  }
  const length = view.getUint32(start);
  const type = readChunkType(bytes, start + 4);
  if (length > MAX_CHUNK_LENGTH) {
    throw new AppError(
      'E_CORRUPT',
      `PNG chunk '${type}' at byte ${start} declares an invalid length of ${length} bytes.`,
    );
  }
  const end = start + CHUNK_OVERHEAD + length;
  if (end > bytes.length) {
    throw new AppError(
      'E_TRUNCATED',
      `PNG chunk '${type}' at byte ${start} needs ${length} data bytes, but the file ends first.`,
    );
  }

  const storedCrc = view.getUint32(end - 4);
  if (crc32(bytes.subarray(start + 4, end - 4)) !== storedCrc) {
    throw new AppError('E_CORRUPT', `PNG chunk '${type}' at byte ${start} has a bad CRC.`);
  }
  return {
    type,
    start,
    end,
    data: bytes.subarray(start + 8, end - 4),
    bytes: bytes.subarray(start, end),
  };
}

/** Reads the four type bytes, which the PNG specification restricts to ASCII letters. */
function readChunkType(bytes: Uint8Array, offset: number): string {
  const letters = bytes.subarray(offset, offset + 4);
  const isLetter = (byte: number): boolean =>
    (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
  if (!letters.every(isLetter)) {
    throw new AppError(
      'E_CORRUPT',
      `The PNG file has a chunk at byte ${offset - 4} whose type is not four ASCII letters.`,
    );
  }
  return String.fromCharCode(...letters);
}

function checkChunkPlacement(chunk: PngChunk, index: number): void {
  if (index === 0 && (chunk.type !== 'IHDR' || chunk.data.length !== 13)) {
    throw new AppError('E_CORRUPT', 'The PNG file does not start with a 13-byte IHDR chunk.');
  }
  if (index > 0 && chunk.type === 'IHDR') {
    throw new AppError('E_CORRUPT', `The PNG file has a second IHDR chunk at byte ${chunk.start}.`);
  }
  if (chunk.type === 'IEND' && chunk.data.length !== 0) {
    throw new AppError('E_CORRUPT', `The PNG IEND chunk at byte ${chunk.start} is not empty.`);
  }
}
