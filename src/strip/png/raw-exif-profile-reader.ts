import { AppError } from '../../shared/errors.js';
import { readPngTextBody } from './read-png-text.js';
import { readRawProfile } from './read-raw-profile.js';
import type { PngChunk } from './walk-png-chunks.js';

/**
 * The maximum text read from one "Raw profile type exif" chunk: 4 MiB. ImageMagick copies
 * EXIF from a JPEG APP1 segment, at most 64 KiB, which its hex encoding turns into ~135 KB.
 */
export const MAX_RAW_PROFILE_TEXT_BYTES = 4 * 1024 * 1024;

/** The maximum text read from all raw EXIF profiles of one file together: 16 MiB. */
export const MAX_RAW_PROFILE_TEXT_PER_FILE = 16 * 1024 * 1024;

/**
 * Reads the EXIF blocks of ImageMagick's raw EXIF profiles in one file. Each is inflated with
 * a bound per chunk and a budget for the file, so a PNG full of zlib bombs costs at most
 * 16 MiB of output and the time to produce it. These are the only text chunks whose body
 * MetaClear reads, because the EXIF inside supplies the orientation and the reported kinds.
 */
export class RawExifProfileReader {
  #remainingBytes = MAX_RAW_PROFILE_TEXT_PER_FILE;

  /**
   * Returns the EXIF block of a raw profile chunk, or null when its body is not a readable
   * raw profile, which makes it an unreadable `exif-other`.
   *
   * @throws {AppError} `E_CORRUPT` when the chunk's text passes the bound per chunk or the
   *   file's budget, because its orientation and kinds cannot be read within them.
   */
  read(chunk: PngChunk): Uint8Array | null {
    const bound = Math.min(MAX_RAW_PROFILE_TEXT_BYTES, this.#remainingBytes);
    const body = readPngTextBody(chunk.type, chunk.data, bound);
    if (body === 'too-large') {
      const limit =
        bound === MAX_RAW_PROFILE_TEXT_BYTES
          ? `${MAX_RAW_PROFILE_TEXT_BYTES} bytes`
          : `the ${MAX_RAW_PROFILE_TEXT_PER_FILE} bytes allowed for all raw EXIF profiles of a file`;
      throw new AppError(
        'E_CORRUPT',
        `The PNG ${chunk.type} chunk at byte ${chunk.start} holds a raw EXIF profile longer than ${limit}, far more than EXIF needs, so MetaClear cannot read its orientation.`,
      );
    }
    if (body === 'invalid') {
      return null;
    }
    this.#remainingBytes -= body.length;
    return readRawProfile(body);
  }
}
