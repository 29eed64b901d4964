import { isAppError } from '../shared/errors.js';
import type { MpfImageType } from '../strip/jpeg/mpf-index.js';
import { identifyGainMap } from '../strip/jpeg/plan-mpf-images.js';
import { readJpegSegments, type JpegStructure } from '../strip/jpeg/read-jpeg-segments.js';
import { splitMpfImages } from '../strip/jpeg/split-mpf-images.js';

/** One image of an input JPEG file. */
export interface InputImage {
  /** 0 for the primary image, then its position in the MPF index. */
  readonly index: number;
  /** The primary image's bytes are the whole file; readers stop at its EOI. */
  readonly bytes: Uint8Array;
  readonly type: MpfImageType;
  readonly isGainMap: boolean;
  /** The segments of `bytes` as read here, so that later checks do not walk them again. */
  readonly structure: JpegStructure | null;
}

/**
 * Returns the images of an input JPEG that can be read: the primary image, then each image its
 * MPF index places after the primary's EOI that is a readable JPEG. Images the index places
 * elsewhere cannot be kept, so they are left out. An input that cannot be walked yields only
 * its primary image, whose own check then reports the problem.
 */
export function findInputImages(input: Uint8Array): [InputImage, ...InputImage[]] {
  const structure = tryReadSegments(input);
  const primary: InputImage = {
    index: 0,
    bytes: input,
    type: 'primary',
    isGainMap: false,
    structure,
  };
  if (structure === null) {
    return [primary];
  }
  let split;
  try {
    split = splitMpfImages(input, structure);
  } catch (error) {
    if (isAppError(error)) {
      return [primary];
    }
    throw error;
  }
  const images: [InputImage, ...InputImage[]] = [primary];
  for (const image of split?.images ?? []) {
    const structure = image.start === null ? null : tryReadSegments(image.bytes);
    if (structure !== null) {
      const isGainMap = identifyGainMap(structure) !== null;
      images.push({
        index: image.index,
        bytes: image.bytes,
        type: image.type,
        isGainMap,
        structure,
      });
    }
  }
  return images;
}

function tryReadSegments(bytes: Uint8Array): JpegStructure | null {
  try {
    return readJpegSegments(bytes);
  } catch (error) {
    if (isAppError(error)) {
      return null;
    }
    throw error;
  }
}
