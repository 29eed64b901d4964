import { crc32 } from 'node:zlib';
import { AppError } from '../../shared/errors.js';

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/**
 * The maximum number of chunks in a PNG file: 2^20. A 4 GiB file, the largest Buffer Node 20
 * creates, has that many when cut into the 4 KiB IDAT chunks ffmpeg writes (libpng writes
 * 8 KiB). A file past this limit is built to exhaust memory or time, because the stripper, the
 * structure check and the second reader each walk every chunk.
 */
export const MAX_PNG_CHUNKS = 1_048_576;

/** Length, type and CRC fields around each chunk's data, in bytes. */
const CHUNK_OVERHEAD = 12;

/** The PNG specification caps a chunk's data length at 2^31 - 1 bytes. */
const MAX_CHUNK_LENGTH = 0x7fff_ffff;

/**
 * One chunk of a PNG file. It stores only offsets into the file, and `data` and `bytes` are
 * views created on each access, so a file of many chunks costs a few dozen bytes per chunk.
 */
export class PngChunk {
  /** The four-letter chunk type, such as `IHDR` or `tEXt`. */
  readonly type: string;
  /** Offset of the chunk's length field in the file. */
  readonly start: number;
  /** Offset just past the chunk's CRC. */
  readonly end: number;
  readonly #file: Uint8Array;

  constructor(file: Uint8Array, type: string, start: number, end: number) {
    this.#file = file;
    this.type = type;
    this.start = start;
    this.end = end;
  }

  /** The length of the data field, read without creating a view. */
  get dataLength(): number {
    return this.end - this.start - CHUNK_OVERHEAD;
  }

  /** The chunk's data field, without length, type and CRC. */
  get data(): Uint8Array {
    return this.#file.subarray(this.start + 8, this.end - 4);
  }

  /** The whole chunk: length, type, data and CRC. */
  get bytes(): Uint8Array {
    return this.#file.subarray(this.start, this.end);
  }
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
 * and CRC, that IHDR comes first with 13 bytes, that IEND is empty, that the IDAT chunks are
 * present and consecutive, and that the file has at most {@link MAX_PNG_CHUNKS} chunks.
 *
 * @throws {AppError} `E_CORRUPT` for a bad signature, length, type, CRC, chunk order or count,
 *   and `E_TRUNCATED` when the file ends inside a chunk or before IEND.
 */
export function walkPngChunks(bytes: Uint8Array): PngLayout {
  checkSignature(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  const order = new ImageDataOrder();
  let offset = PNG_SIGNATURE.length;

  for (;;) {
    if (chunks.length === MAX_PNG_CHUNKS) {
      throw new AppError(
        'E_CORRUPT',
        `The PNG file has more than ${MAX_PNG_CHUNKS} chunks before IEND. Real images have far fewer, so MetaClear does not process it.`,
      );
    }
    const chunk = readChunk(bytes, view, offset);
    checkChunkPlacement(chunk, chunks.length);
    order.add(chunk);
    chunks.push(chunk);
    offset = chunk.end;
    if (chunk.type === 'IEND') {
      break;
    }
  }

  if (!order.hasImageData) {
    throw new AppError(
      'E_CORRUPT',
      'The PNG file is missing its IDAT chunk, so it contains no image data.',
    );
  }
  return { chunks, imageEnd: offset, trailerLength: bytes.length - offset };
}

/**
 * Tracks that the IDAT chunks form one run. The PNG specification requires them to be
 * consecutive, and libpng rejects a file where another chunk splits them. Dropping the chunk
 * in between would join the runs into an image that decodes, but differently from the input.
 */
class ImageDataOrder {
  #state: 'before' | 'inside' | 'after' = 'before';

  get hasImageData(): boolean {
    return this.#state !== 'before';
  }

  add(chunk: PngChunk): void {
    const isImageData = chunk.type === 'IDAT';
    if (isImageData && this.#state === 'after') {
      throw new AppError(
        'E_CORRUPT',
        `The PNG file has another chunk between its IDAT chunks, before byte ${chunk.start}. IDAT chunks must be consecutive.`,
      );
    }
    if (isImageData) {
      this.#state = 'inside';
    } else if (this.#state === 'inside') {
      this.#state = 'after';
    }
  }
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
  const type = readChunkType(view, start + 4);
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
  return new PngChunk(bytes, type, start, end);
}

/** Type names seen so far by their 32-bit code, so chunks of one type share one string. */
const TYPE_NAMES = new Map<number, string>();

/** Bounds {@link TYPE_NAMES}, since a hostile file can use millions of distinct types. */
const MAX_TYPE_NAMES = 256;

/** Reads the four type bytes, which the PNG specification restricts to ASCII letters. */
function readChunkType(view: DataView, offset: number): string {
  const code = view.getUint32(offset);
  const known = TYPE_NAMES.get(code);
  if (known !== undefined) {
    return known;
  }
  const letters = [code >>> 24, (code >>> 16) & 0xff, (code >>> 8) & 0xff, code & 0xff];
  const isLetter = (byte: number): boolean =>
    (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
  if (!letters.every(isLetter)) {
    throw new AppError(
      'E_CORRUPT',
      `The PNG file has a chunk at byte ${offset - 4} whose type is not four ASCII letters.`,
    );
  }
  const type = String.fromCharCode(...letters);
  if (TYPE_NAMES.size < MAX_TYPE_NAMES) {
    TYPE_NAMES.set(code, type);
  }
  return type;
}

function checkChunkPlacement(chunk: PngChunk, index: number): void {
  const length = chunk.dataLength;
  if (index === 0 && (chunk.type !== 'IHDR' || length !== 13)) {
    throw new AppError('E_CORRUPT', 'The PNG file does not start with a 13-byte IHDR chunk.');
  }
  if (index > 0 && chunk.type === 'IHDR') {
    throw new AppError('E_CORRUPT', `The PNG file has a second IHDR chunk at byte ${chunk.start}.`);
  }
  if (chunk.type === 'IEND' && length !== 0) {
    throw new AppError('E_CORRUPT', `The PNG IEND chunk at byte ${chunk.start} is not empty.`);
  }
}
