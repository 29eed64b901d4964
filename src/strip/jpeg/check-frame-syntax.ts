import { AppError } from '../../shared/errors.js';
import { findImageSegmentProblem } from './find-image-segment-problem.js';
import {
  getMarkerName,
  isHierarchicalMarker,
  isImageDefiningMarker,
  isSofMarker,
  JPEG_MARKER,
} from './jpeg-markers.js';
import type { JpegSegment } from './read-jpeg-segments.js';

/** The findings of the frame syntax check, beyond the errors it throws. */
export interface FrameSyntax {
  /**
   * DNL segments where ITU-T T.81 does not allow one: anywhere but right after the first scan
   * of a frame whose header gives 0 lines. Decoders skip them (libjpeg skips every DNL).
   */
  readonly misplacedDnl: ReadonlySet<JpegSegment>;
}

/**
 * Checks the image-defining segments of a JPEG against the syntax of ITU-T T.81 (Annex B) for
 * one non-hierarchical frame. Each payload must have its marker's layout, exactly one frame
 * header must come before the first scan, and at least one scan must follow it.
 *
 * @throws AppError `E_CORRUPT` for a malformed image segment, a missing or second frame
 *   header, or no scan; `E_UNSUPPORTED_FORMAT` for the hierarchical process (DHP, EXP,
 *   SOF5..SOF7, SOF13..SOF15), which libjpeg cannot decode either.
 */
export function checkFrameSyntax(segments: readonly JpegSegment[]): FrameSyntax {
  const misplacedDnl = new Set<JpegSegment>();
  let frame: JpegSegment | null = null;
  let scanCount = 0;
  let previous: JpegSegment | null = null;
  for (const segment of segments) {
    const { marker } = segment;
    if (isImageDefiningMarker(marker)) {
      checkImageSegment(segment);
    }
    if (isSofMarker(marker)) {
      if (frame !== null) {
        throw createCorruptError(`${describe(segment)} is a second frame header`);
      }
      frame = segment;
    } else if (marker === JPEG_MARKER.sos) {
      if (frame === null) {
        throw createMissingImageError();
      }
      scanCount += 1;
    } else if (marker === JPEG_MARKER.dnl && !isDnlAllowed(frame, previous, scanCount)) {
      misplacedDnl.add(segment);
    }
    previous = segment;
  }
  if (scanCount === 0) {
    throw createMissingImageError();
  }
  return { misplacedDnl };
}

function checkImageSegment(segment: JpegSegment): void {
  if (isHierarchicalMarker(segment.marker)) {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      `Hierarchical JPEGs (${describe(segment)}) are not supported`,
    );
  }
  // NOTE: a DQT or DHT table that no frame or scan uses passes too, so such a table can still
  // carry up to a few hundred bytes that decoders load and never apply.
  const problem = findImageSegmentProblem(segment.marker, segment.payload);
  if (problem !== null) {
    throw createCorruptError(`${describe(segment)} ${problem}`);
  }
}

/**
 * Returns true for a DNL right after the first scan of a frame whose header gives 0 lines, the
 * only place ITU-T T.81 (B.2.5) allows one.
 */
function isDnlAllowed(
  frame: JpegSegment | null,
  previous: JpegSegment | null,
  scanCount: number,
): boolean {
  const frameLines = ((frame?.payload[1] ?? 0) << 8) | (frame?.payload[2] ?? 0);
  return (
    frame !== null && frameLines === 0 && previous?.marker === JPEG_MARKER.sos && scanCount === 1
  );
}

function describe(segment: JpegSegment): string {
  return `the ${getMarkerName(segment.marker)} segment at byte ${segment.offset}`;
}

function createMissingImageError(): AppError {
  return createCorruptError('it has no image data (no frame header followed by a scan)');
}

function createCorruptError(problem: string): AppError {
  return new AppError('E_CORRUPT', `JPEG is corrupt: ${problem}`);
}
