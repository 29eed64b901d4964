import { AppError } from '../../shared/errors.js';
import { readBitstreamSize } from './read-bitstream-size.js';
import { readVp8xHeader, VP8X_FLAG, type Vp8xHeader } from './vp8x-header.js';
import type { WebpChunk } from './walk-webp-chunks.js';

/** The layout facts of a WebP file that the rest of the stripper uses. */
export interface WebpStructure {
  /** True for an extended file, which starts with a VP8X chunk. */
  readonly isExtended: boolean;
  /**
   * The VP8X header of an extended file. For a simple file, the header that describes it:
   * the bitstream's size as canvas and, for VP8L, its alpha hint as the alpha flag.
   */
  readonly header: Vp8xHeader;
}

/** The chunk types that carry image data or animation parameters. */
export const IMAGE_CHUNK_TYPES: ReadonlySet<string> = new Set([
  'VP8 ',
  'VP8L',
  'ALPH',
  'ANIM',
  'ANMF',
]);

/** The size of the ANIM payload: background colour and loop count. */
const ANIM_DATA_SIZE = 6;

/** The fixed ANMF frame header in front of the frame's own chunks. */
export const ANMF_HEADER_SIZE = 16;

/**
 * Checks the order and count of the image chunks that the WebP container specification (RFC
 * 9649) sets. A simple file starts with its one `VP8 ` or `VP8L` chunk. An extended file
 * starts with `VP8X`. Its still image is one `VP8 ` or `VP8L` chunk, with at most one `ALPH`
 * before it, whose size must equal the canvas because libwebp (`src/dec/webp_dec.c`) rejects
 * any other. Its animation is one `ANIM` chunk followed by `ANMF` frames. Metadata and
 * unknown chunks may appear anywhere after the first chunk.
 *
 * @throws {AppError} `E_CORRUPT` naming the first rule the file breaks.
 */
export function checkWebpLayout(chunks: readonly WebpChunk[]): WebpStructure {
  const [first, ...rest] = chunks;
  if (first?.fourcc === 'VP8 ' || first?.fourcc === 'VP8L') {
    const duplicate = rest.find(
      (chunk) => IMAGE_CHUNK_TYPES.has(chunk.fourcc) || chunk.fourcc === 'VP8X',
    );
    if (duplicate !== undefined) {
      throw createError(`a simple file has a second image chunk at byte ${duplicate.start}`);
    }
    const size = readBitstreamSize(first.fourcc, first.data);
    const flags = size.hasAlpha ? VP8X_FLAG.alpha : 0;
    return {
      isExtended: false,
      header: { flags, canvasWidth: size.width, canvasHeight: size.height },
    };
  }
  if (first?.fourcc !== 'VP8X') {
    throw createError('the first chunk is not VP8, VP8L or VP8X');
  }
  const vp8x = readVp8xHeader(first.data);
  if (rest.some((chunk) => chunk.fourcc === 'VP8X')) {
    throw createError('the file has a second VP8X chunk');
  }
  if ((vp8x.flags & VP8X_FLAG.animation) !== 0) {
    checkAnimation(rest);
  } else {
    checkStillImage(rest, vp8x);
  }
  return { isExtended: true, header: vp8x };
}

function checkAnimation(chunks: readonly WebpChunk[]): void {
  const animations = chunks.filter((chunk) => chunk.fourcc === 'ANIM');
  const frames = chunks.filter((chunk) => chunk.fourcc === 'ANMF');
  const firstFrameIndex = chunks.findIndex((chunk) => chunk.fourcc === 'ANMF');
  if (chunks.some((chunk) => ['VP8 ', 'VP8L', 'ALPH'].includes(chunk.fourcc))) {
    throw createError('an animated file has image data outside its ANMF frames');
  }
  const [animation] = animations;
  if (animations.length !== 1 || animation === undefined) {
    throw createError(`an animated file has ${animations.length} ANIM chunks instead of one`);
  }
  if (animation.data.length < ANIM_DATA_SIZE || frames.length === 0) {
    throw createError('an animated file has a short ANIM chunk or no ANMF frame');
  }
  if (chunks.indexOf(animation) > firstFrameIndex) {
    throw createError('the ANIM chunk follows the first ANMF frame');
  }
  const shortFrame = frames.find((frame) => frame.data.length < ANMF_HEADER_SIZE);
  if (shortFrame !== undefined) {
    throw createError(`the ANMF chunk at byte ${shortFrame.start} is shorter than its header`);
  }
}

function checkStillImage(chunks: readonly WebpChunk[], vp8x: Vp8xHeader): void {
  if (chunks.some((chunk) => chunk.fourcc === 'ANIM' || chunk.fourcc === 'ANMF')) {
    throw createError('a file without the animation flag has ANIM or ANMF chunks');
  }
  const images = chunks.filter((chunk) => chunk.fourcc === 'VP8 ' || chunk.fourcc === 'VP8L');
  const alphas = chunks.filter((chunk) => chunk.fourcc === 'ALPH');
  const [image] = images;
  if (images.length !== 1 || image === undefined) {
    throw createError(`a still image has ${images.length} VP8 or VP8L chunks instead of one`);
  }
  const [alpha] = alphas;
  if (alphas.length > 1 || (alpha !== undefined && alpha.start > image.start)) {
    throw createError('the ALPH chunk is repeated or follows the image data');
  }
  const size = readBitstreamSize(image.fourcc === 'VP8 ' ? 'VP8 ' : 'VP8L', image.data);
  if (size.width !== vp8x.canvasWidth || size.height !== vp8x.canvasHeight) {
    throw createError(
      `the ${size.width}×${size.height} image does not fill the ${vp8x.canvasWidth}×${vp8x.canvasHeight} canvas`,
    );
  }
}

function createError(problem: string): AppError {
  return new AppError('E_CORRUPT', `The WebP file is malformed: ${problem}.`);
}
