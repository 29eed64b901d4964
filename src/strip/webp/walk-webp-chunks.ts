import { AppError } from '../../shared/errors.js';

/** One RIFF chunk of a WebP file, as a view into the file's bytes. */
export interface WebpChunk {
  /** The four-character chunk type as latin1, such as `VP8 `, `VP8X` or `EXIF`. */
  readonly fourcc: string;
  /** Offset of the chunk header in the file. */
  readonly start: number;
  /** The payload, without the 8-byte header and the padding byte. */
  readonly data: Uint8Array;
}

/** The top-level chunks of a WebP file and the size of anything after the RIFF chunk. */
export interface WebpLayout {
  readonly chunks: readonly WebpChunk[];
  /** Offset just past the RIFF chunk: 8 plus the RIFF size field. */
  readonly riffEnd: number;
  /** Bytes that follow the RIFF chunk. */
  readonly trailerLength: number;
}

/** `RIFF`, the size field, then `WEBP`: the first 12 bytes of every WebP file. */
export const WEBP_HEADER_SIZE = 12;

/** The type and size fields in front of every chunk's payload. */
export const CHUNK_HEADER_SIZE = 8;

/**
 * Walks the chunks of a WebP file from its RIFF header to the end that the RIFF size field
 * declares. Chunk sizes are followed exactly, with the padding byte after an odd payload.
 * Checks only the container, not the order of chunks or their contents.
 *
 * @throws {AppError} `E_TRUNCATED` when the file ends before the RIFF chunk or inside a chunk,
 *   and `E_CORRUPT` for a missing `RIFF`/`WEBP` signature, a chunk type that is not text, or
 *   a chunk that runs past the end of the RIFF chunk.
 */
export function walkWebpChunks(bytes: Uint8Array): WebpLayout {
  checkHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = CHUNK_HEADER_SIZE + view.getUint32(4, true);
  const chunks = readWebpChunks(bytes, WEBP_HEADER_SIZE, riffEnd, 'the RIFF chunk');
  return { chunks, riffEnd, trailerLength: Math.max(bytes.length - riffEnd, 0) };
}

/**
 * Reads the chunks that fill `bytes` from `start` to `end`: the top level of the file, or the
 * frame data inside an `ANMF` chunk. `container` names the enclosing chunk for messages.
 *
 * @throws {AppError} `E_TRUNCATED` when a chunk runs past the end of `bytes`, and `E_CORRUPT`
 *   when it runs past `end` or has a chunk type that is not text.
 */
export function readWebpChunks(
  bytes: Uint8Array,
  start: number,
  end: number,
  container: string,
): WebpChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: WebpChunk[] = [];
  let offset = start;
  while (offset < end) {
    const header = `A chunk header at byte ${offset}`;
    checkInside(bytes, offset + CHUNK_HEADER_SIZE, end, header, container);
    const fourcc = readFourcc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const dataEnd = offset + CHUNK_HEADER_SIZE + size;
    // An odd payload is followed by one padding byte; libwebp rejects a file without it.
    const paddedEnd = dataEnd + (size % 2);
    checkInside(bytes, paddedEnd, end, `The '${fourcc}' chunk at byte ${offset}`, container);
    chunks.push({
      fourcc,
      start: offset,
      data: bytes.subarray(offset + CHUNK_HEADER_SIZE, dataEnd),
    });
    offset = paddedEnd;
  }
  return chunks;
}

function checkHeader(bytes: Uint8Array): void {
  const riff = readLatin1(bytes, 0, 4);
  const webp = readLatin1(bytes, 8, 4);
  const isSignaturePrefix = 'RIFF'.startsWith(riff) && 'WEBP'.startsWith(webp);
  if (bytes.length < WEBP_HEADER_SIZE && isSignaturePrefix) {
    throw new AppError('E_TRUNCATED', 'The WebP file ends inside its 12-byte RIFF header.');
  }
  if (riff !== 'RIFF' || webp !== 'WEBP') {
    throw new AppError('E_CORRUPT', 'The file does not start with a RIFF header of type WEBP.');
  }
}

/**
 * Throws when a part that must end at `partEnd` does not fit its container, which ends at
 * `end`: `E_CORRUPT` when the container is all there and too small, `E_TRUNCATED` when the
 * file ends before the part does.
 */
function checkInside(
  bytes: Uint8Array,
  partEnd: number,
  end: number,
  part: string,
  container: string,
): void {
  const isContainerPresent = end <= bytes.length;
  if (partEnd > end && isContainerPresent) {
    throw new AppError('E_CORRUPT', `${part} runs past the end of ${container} at byte ${end}.`);
  }
  if (partEnd > bytes.length) {
    throw new AppError(
      'E_TRUNCATED',
      `${part} runs past the end of the WebP file at byte ${bytes.length}.`,
    );
  }
}

/**
 * Reads a chunk type. RIFF types are printable ASCII, padded with spaces; trailing NULs are
 * accepted too because some XMP writers emit `XMP\0`. Anything else means the walk has lost
 * its way in garbage, such as the runs of zero bytes in fuzzed files.
 */
function readFourcc(bytes: Uint8Array, offset: number): string {
  const fourcc = readLatin1(bytes, offset, 4);
  if (!/^[\x21-\x7e][\x20-\x7e]*\0*$/.test(fourcc)) {
    throw new AppError(
      'E_CORRUPT',
      `The WebP file has a chunk at byte ${offset} whose type is not printable ASCII.`,
    );
  }
  return fourcc;
}

function readLatin1(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
