import { AppError } from '../shared/errors.js';

/**
 * Chunks that ExifReader 4.46 reads (`VP8X`, `EXIF`, `XMP `, `ICCP`) or that hold only image
 * data, whose bytes the structure check compares with the input's.
 */
const VISIBLE_OR_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'VP8X',
  'EXIF',
  'XMP ',
  'ICCP',
  'VP8 ',
  'VP8L',
  'ALPH',
  'ANIM',
  'ANMF',
]);

/** Chunks of which ExifReader reads only the last one, so an earlier one would go unseen. */
const LAST_ONE_READ_TYPES: ReadonlySet<string> = new Set(['EXIF', 'XMP ', 'ICCP']);

/**
 * Rejects a cleaned WebP that contains data ExifReader does not read: a chunk of another type,
 * a repeated `EXIF`, `XMP ` or `ICCP` chunk, or bytes after the RIFF chunk. Walks only chunk
 * types and sizes, because the structure check has already validated the file.
 *
 * @throws {AppError} `E_VERIFY_READER` naming the chunk type.
 */
export function rejectWebpChunksHiddenFromReader(bytes: Uint8Array): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = buffer.length >= 8 ? 8 + buffer.readUInt32LE(4) : 0;
  if (end !== buffer.length) {
    throw createError('bytes outside its RIFF chunk');
  }
  const seen = new Set<string>();
  for (let offset = 12; offset + 8 <= end;) {
    const fourcc = buffer.toString('latin1', offset, offset + 4);
    const isRepeated = LAST_ONE_READ_TYPES.has(fourcc) && seen.has(fourcc);
    if (!VISIBLE_OR_IMAGE_TYPES.has(fourcc) || isRepeated) {
      throw createError(`a '${fourcc.replace(/[^\x20-\x7e]/g, '?')}' chunk`);
    }
    seen.add(fourcc);
    const size = buffer.readUInt32LE(offset + 4);
    offset += 8 + size + (size % 2);
  }
}

function createError(description: string): AppError {
  return new AppError(
    'E_VERIFY_READER',
    `The cleaned WebP still contains ${description}, which the second reader (ExifReader) does not read and the keep policy does not allow.`,
  );
}
