import { AppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import { inspectExif, type ExifInspection } from '../exif/inspect-exif.js';
import type { KeepPolicy } from '../keep-policy.js';
import { classifyPngText } from './classify-png-text.js';
import { findTiffStructure } from './find-tiff-structure.js';
import { readPngTextBody, readPngTextKeyword } from './read-png-text.js';
import { readRawProfile } from './read-raw-profile.js';
import { isCriticalChunkType, type PngChunk } from './walk-png-chunks.js';

/**
 * Chunks copied byte for byte: the critical chunks, transparency, colour (`iCCP` apart, which
 * follows the policy), physical size, background, and the APNG animation chunks.
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
  'acTL',
  'fcTL',
  'fdAT',
]);

const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);

/** Options for {@link sortPngChunks}. */
export interface SortPngChunksOptions {
  readonly policy: KeepPolicy;
  /** Keeps `caBX` chunks, which only pays off when nothing else is removed. */
  readonly keepContentCredentials: boolean;
}

/** The surviving chunks of a PNG, the removed kinds, and the EXIF blocks found on the way. */
export interface PngChunkSorting {
  /** The surviving chunks, in file order, IEND included. */
  readonly keptChunks: readonly PngChunk[];
  /** Kinds of the removed chunks, except the EXIF blocks listed in `exifBlocks`. */
  readonly removed: Set<Kind>;
  readonly kept: Set<Kind>;
  /**
   * Index into `keptChunks` at which the first `eXIf` before the first IDAT stood, or null
   * when there was none. A rebuilt `eXIf` goes back there.
   */
  readonly exifSlot: number | null;
  /** The EXIF block whose orientation counts, or null when the file has none. */
  readonly orientationSource: ExifInspection | null;
  /** Every EXIF block found, all of them removed, `orientationSource` first. */
  readonly exifBlocks: readonly ExifInspection[];
}

/**
 * Sorts a PNG's chunks into those kept byte for byte and those removed, with the kinds each
 * removed chunk carried. EXIF blocks from `eXIf` chunks and ImageMagick raw profiles are
 * collected instead, because their kinds depend on which of their fields are written back.
 *
 * Orientation comes from the first `eXIf` before the first IDAT, else from the first raw EXIF
 * profile. An `eXIf` after the image data loses its orientation, because a decoder may have
 * drawn the image before reaching it.
 *
 * @throws {AppError} `E_UNSUPPORTED_FORMAT` for a critical chunk type MetaClear does not know,
 *   which a decoder needs and so cannot be dropped.
 */
export function sortPngChunks(
  chunks: readonly PngChunk[],
  options: SortPngChunksOptions,
): PngChunkSorting {
  const keptChunks: PngChunk[] = [];
  const removed = new Set<Kind>();
  const kept = new Set<Kind>();
  let exifSlot: number | null = null;
  let earlyExif: ExifInspection | null = null;
  const laterExif: ExifInspection[] = [];
  const rawProfiles: ExifInspection[] = [];
  let isBeforeImageData = true;

  for (const chunk of chunks) {
    const { type } = chunk;
    isBeforeImageData &&= type !== 'IDAT';
    if (IMAGE_CHUNK_TYPES.has(type)) {
      keptChunks.push(chunk);
    } else if (type === 'iCCP' && options.policy.colorProfile === true) {
      keptChunks.push(chunk);
      kept.add('icc-profile');
    } else if (type === 'iCCP') {
      removed.add('icc-profile');
    } else if (type === 'eXIf') {
      const inspection = inspectExifBytes(chunk.data);
      if (isBeforeImageData && earlyExif === null) {
        earlyExif = inspection;
        exifSlot = keptChunks.length;
      } else {
        laterExif.push(inspection);
      }
    } else if (TEXT_CHUNK_TYPES.has(type)) {
      const rawProfile = sortTextChunk(chunk, removed);
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

  const orientationSource = exifSlot === null ? (rawProfiles[0] ?? null) : earlyExif;
  const exifBlocks = [earlyExif, ...laterExif, ...rawProfiles].filter(
    (block): block is ExifInspection => block !== null,
  );
  return { keptChunks, removed, kept, exifSlot, orientationSource, exifBlocks };
}

/** Adds the kinds of a removed text chunk, and returns its EXIF block if it is a raw profile. */
function sortTextChunk(chunk: PngChunk, removed: Set<Kind>): ExifInspection | null {
  const textClass = classifyPngText(readPngTextKeyword(chunk.data));
  if (textClass !== 'raw-exif-profile') {
    removed.add(textClass);
    return null;
  }
  const body = readPngTextBody(chunk.type, chunk.data);
  const profile = body === null ? null : readRawProfile(body);
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
      return 'unknown-block';
  }
}
