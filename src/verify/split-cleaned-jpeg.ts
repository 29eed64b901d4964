import { AppError, isAppError } from '../shared/errors.js';
import { identifyJpegSegment } from '../strip/jpeg/identify-jpeg-segment.js';
import {
  buildMpfSegment,
  getMpfImageType,
  MPF_HEADER_OFFSET,
  readMpfIndex,
  type MpfImageType,
} from '../strip/jpeg/mpf-index.js';
import { readJpegSegments, type JpegStructure } from '../strip/jpeg/read-jpeg-segments.js';

/** One image of a cleaned JPEG file. */
export interface CleanedJpegImage {
  readonly bytes: Uint8Array;
  readonly type: MpfImageType;
  /**
   * The segments of `bytes` as the split read them, so that later checks do not walk them
   * again. Only an image that is the whole file has them; the images of an MPF index have null.
   */
  readonly structure: JpegStructure | null;
}

/**
 * Splits a cleaned JPEG into its images: the file itself when it has no MPF index, else the
 * images its index declares. The index must be exactly our rebuilt form (see
 * {@link buildMpfSegment}), give the primary image offset 0 and its own length, and place each
 * further image right after the previous one, the last ending at the end of the file, so no
 * byte lies outside a declared image. Large thumbnails may not stay.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`, naming the problem, never a metadata value.
 */
export function splitCleanedJpeg(output: Uint8Array): CleanedJpegImage[] {
  const structure = readOutput(output);
  const mpf = structure.segments.find((segment) => identifyJpegSegment(segment) === 'mpf');
  if (mpf === undefined) {
    return [{ bytes: output, type: 'primary', structure }];
  }

  const entries = readMpfIndex(mpf.payload);
  if (entries === null || !Buffer.from(buildMpfSegment(entries)).equals(mpf.bytes)) {
    throw createError('its MPF index differs from the index rebuilt from its own entries');
  }
  const [first, ...others] = entries;
  if (first?.offset !== 0 || first.size !== structure.eoiEnd || others.length === 0) {
    throw createError('its MPF index does not declare the primary image at offset 0, whole');
  }

  const images: CleanedJpegImage[] = [
    {
      bytes: output.subarray(0, first.size),
      type: getMpfImageType(first.attributes),
      structure: null,
    },
  ];
  const headerStart = mpf.offset + MPF_HEADER_OFFSET;
  let position = first.size;
  others.forEach((entry, index) => {
    const type = getMpfImageType(entry.attributes);
    if (headerStart + entry.offset !== position || position + entry.size > output.length) {
      throw createError(`its MPF index places image ${index + 2} where no image starts`);
    }
    if (type === 'thumbnail') {
      throw createError(`its MPF index declares image ${index + 2} as a thumbnail`);
    }
    images.push({ bytes: output.subarray(position, position + entry.size), type, structure: null });
    position += entry.size;
  });

  if (position !== output.length) {
    throw createError(`${output.length - position} bytes follow the last declared image`);
  }
  return images;
}

function readOutput(output: Uint8Array): ReturnType<typeof readJpegSegments> {
  try {
    return readJpegSegments(output);
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    throw new AppError('E_VERIFY_STRUCTURE', `The output JPEG cannot be walked: ${error.message}`, {
      cause: error,
    });
  }
}

function createError(problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `Cleaned JPEG failed the structure check: ${problem}`);
}
