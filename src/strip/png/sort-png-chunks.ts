import { AppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import { inspectExif, type ExifInspection } from '../exif/inspect-exif.js';
import type { KeepPolicy } from '../keep-policy.js';
import { classifyPngText } from './classify-png-text.js';
import { findTiffStructure } from './find-tiff-structure.js';
import { hasPngAnimation } from './has-png-animation.js';
import { isValidIccChunk } from './is-valid-icc-chunk.js';
import { PngImageChunkChecker } from './png-image-chunk-checker.js';
import { RawExifProfileReader } from './raw-exif-profile-reader.js';
import { readPngHeader } from './read-png-header.js';
import { readPngTextKeyword } from './read-png-text.js';
import { isCriticalChunkType, type PngChunk } from './walk-png-chunks.js';

/**
 * Chunks copied byte for byte once their contents are checked: the critical chunks,
 * transparency, colour (`iCCP` apart, which follows the policy), physical size and background.
 */
const IMAGE_CHUNK_TYPES: ReadonlySet<string> = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
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
]);

/** The APNG chunks, copied byte for byte in an APNG and dropped from any other file. */
const ANIMATION_CHUNK_TYPES: ReadonlySet<string> = new Set(['acTL', 'fcTL', 'fdAT']);

const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);

/** Options for {@link sortPngChunks}. */
export interface SortPngChunksOptions {
  readonly policy: KeepPolicy;
  /** Keeps `caBX` chunks, which only pays off when nothing else is removed. */
  readonly keepContentCredentials: boolean;
}

/** The first `eXIf` chunk before the image data, the one decoders read the orientation from. */
export interface EarlyExif {
  readonly inspection: ExifInspection;
  /** The chunk's data, compared with the minimal block to leave that block untouched. */
  readonly data: Uint8Array;
  /** Index into `keptChunks` at which the chunk stood, where a rebuilt `eXIf` goes back. */
  readonly slot: number;
}

/** The surviving chunks of a PNG, the removed kinds, and the EXIF blocks found on the way. */
export interface PngChunkSorting {
  /** The surviving chunks, in file order, IEND included, without any `eXIf`. */
  readonly keptChunks: readonly PngChunk[];
  /** Kinds of the removed chunks, except the EXIF blocks listed below. */
  readonly removed: Set<Kind>;
  readonly kept: Set<Kind>;
  readonly earlyExif: EarlyExif | null;
  /** EXIF blocks from later `eXIf` chunks and raw profiles, in file order, all removed. */
  readonly otherExifBlocks: readonly ExifInspection[];
  /** The EXIF block whose orientation counts, or null when the file has none. */
  readonly orientationSource: ExifInspection | null;
}

/**
 * Sorts a PNG's chunks into those kept byte for byte and those removed, with the kinds each
 * removed chunk carried. EXIF blocks from `eXIf` chunks and ImageMagick raw profiles are
 * collected instead, because their kinds depend on which of their fields are written back.
 * Kept chunks are kept only with contents valid for their type (see
 * {@link PngImageChunkChecker}, {@link hasPngAnimation} and {@link isValidIccChunk}).
 *
 * Orientation comes from the first `eXIf` before the first IDAT, else from the first raw EXIF
 * profile. An `eXIf` after the image data loses its orientation, because a decoder may have
 * drawn the image before reaching it.
 *
 * @throws {AppError} `E_UNSUPPORTED_FORMAT` for a critical chunk type MetaClear does not know,
 *   which a decoder needs and so cannot be dropped, and `E_CORRUPT` for invalid image chunks,
 *   an inconsistent APNG, or a raw EXIF profile or ICC profile past its inflation bound.
 */
export function sortPngChunks(
  chunks: readonly PngChunk[],
  options: SortPngChunksOptions,
): PngChunkSorting {
  const header = readPngHeader(chunks[0]?.data ?? new Uint8Array(13));
  const isAnimated = hasPngAnimation(chunks, header);
  const checker = new PngImageChunkChecker(header);
  const rawProfileReader = new RawExifProfileReader();
  const keptChunks: PngChunk[] = [];
  const removed = new Set<Kind>();
  const kept = new Set<Kind>();
  let earlyExif: EarlyExif | null = null;
  const laterExif: ExifInspection[] = [];
  const rawProfiles: ExifInspection[] = [];
  let isBeforeImageData = true;
  let hasSeenProfile = false;

  for (const chunk of chunks) {
    const { type } = chunk;
    isBeforeImageData &&= type !== 'IDAT';
    checker.check(chunk);
    if (IMAGE_CHUNK_TYPES.has(type) || (isAnimated && ANIMATION_CHUNK_TYPES.has(type))) {
      keptChunks.push(chunk);
    } else if (type === 'iCCP') {
      const isKept =
        options.policy.colorProfile === true &&
        !hasSeenProfile &&
        isBeforeImageData &&
        isValidIccChunk(chunk.data);
      (isKept ? kept : removed).add('icc-profile');
      if (isKept) {
        keptChunks.push(chunk);
      }
      hasSeenProfile = true;
    } else if (type === 'eXIf') {
      const inspection = inspectExifBytes(chunk.data);
      if (isBeforeImageData && earlyExif === null) {
        earlyExif = { inspection, data: chunk.data, slot: keptChunks.length };
      } else {
        laterExif.push(inspection);
      }
    } else if (TEXT_CHUNK_TYPES.has(type)) {
      const rawProfile = sortTextChunk(chunk, removed, rawProfileReader);
      if (rawProfile !== null) {
        rawProfiles.push(rawProfile);
      }
    } else if (type === 'caBX' && options.keepContentCredentials) {
      keptChunks.push(chunk);
      kept.add('content-credentials');
    } else {
      removed.add(getRemovedChunkKind(type, chunk.start));
    }
  }

  const orientationSource = earlyExif?.inspection ?? rawProfiles[0] ?? null;
  const otherExifBlocks = [...laterExif, ...rawProfiles];
  return { keptChunks, removed, kept, earlyExif, otherExifBlocks, orientationSource };
}

/** Adds the kinds of a removed text chunk, and returns its EXIF block if it is a raw profile. */
function sortTextChunk(
  chunk: PngChunk,
  removed: Set<Kind>,
  rawProfileReader: RawExifProfileReader,
): ExifInspection | null {
  // The keyword alone decides the kind of every other text chunk, so only raw EXIF profiles
  // are ever inflated.
  const textClass = classifyPngText(readPngTextKeyword(chunk.data));
  if (textClass !== 'raw-exif-profile') {
    removed.add(textClass);
    return null;
  }
  const profile = rawProfileReader.read(chunk);
  if (profile === null) {
    removed.add('exif-other');
    return null;
  }
  return inspectExifBytes(profile);
}

/** Inspects an EXIF block. One without a TIFF header inspects as a single `exif-other`. */
function inspectExifBytes(exif: Uint8Array): ExifInspection {
  return inspectExif(findTiffStructure(exif) ?? exif);
}

function getRemovedChunkKind(type: string, start: number): Kind {
  if (isCriticalChunkType(type)) {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      `The PNG file has a critical chunk '${type}' at byte ${start} that MetaClear does not know, so it cannot be removed safely.`,
    );
  }
  switch (type) {
    case 'tIME':
      return 'datetime';
    case 'caBX':
      return 'c2pa';
    default:
      // Unknown ancillary chunks, and `acTL`, `fcTL` and `fdAT` outside an APNG, which
      // decoders skip as unknown.
      return 'unknown-block';
  }
}
