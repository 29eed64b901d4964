import { AppError } from '../../shared/errors.js';
import { identifyJpegSegment } from './identify-jpeg-segment.js';
import {
  getMpfImageType,
  MPF_HEADER_OFFSET,
  readMpfIndex,
  type MpfImageType,
} from './mpf-index.js';
import { JPEG_MARKER } from './jpeg-markers.js';
import type { JpegStructure } from './read-jpeg-segments.js';

/** An image after the primary one that an MPF index declares. */
export interface MpfImage {
  /** Its position in the index: 1 for the first image after the primary one. */
  readonly index: number;
  readonly type: MpfImageType;
  readonly attributes: number;
  /** Offset of its SOI in the file, or null when the index points outside the data after EOI. */
  readonly start: number | null;
  /** Its bytes as the index declares them, empty when `start` is null. */
  readonly bytes: Uint8Array;
}

/** The images an MPF index declares after the primary one, and the primary's own entry. */
export interface MpfImages {
  readonly primaryAttributes: number;
  readonly images: readonly MpfImage[];
}

/**
 * Returns the images after the primary one that the first MPF APP2 before the first scan
 * declares, in index order, or null when there is no such segment or its index is unreadable.
 * An image whose declared range does not lie inside the data after the primary's EOI, or does
 * not start with SOI, gets a null `start`: the caller may drop it, but cannot keep it.
 *
 * @throws AppError `E_CORRUPT` when two declared images overlap.
 */
export function splitMpfImages(bytes: Uint8Array, structure: JpegStructure): MpfImages | null {
  const firstScan = structure.segments.findIndex((segment) => segment.marker === JPEG_MARKER.sos);
  const segment = structure.segments
    .slice(0, firstScan)
    .find((candidate) => identifyJpegSegment(candidate) === 'mpf');
  const entries = segment === undefined ? null : readMpfIndex(segment.payload);
  if (segment === undefined || entries === null) {
    return null;
  }
  const headerStart = segment.offset + MPF_HEADER_OFFSET;
  const images = entries.slice(1).map((entry, position): MpfImage => {
    const start = headerStart + entry.offset;
    const end = start + entry.size;
    const isInside =
      entry.offset !== 0 &&
      start >= structure.eoiEnd &&
      end <= bytes.length &&
      bytes[start] === 0xff &&
      bytes[start + 1] === JPEG_MARKER.soi;
    return {
      index: position + 1,
      type: getMpfImageType(entry.attributes),
      attributes: entry.attributes,
      start: isInside ? start : null,
      bytes: isInside ? bytes.subarray(start, end) : new Uint8Array(0),
    };
  });
  checkNoOverlap(images);
  return { primaryAttributes: entries[0]?.attributes ?? 0, images };
}

function checkNoOverlap(images: readonly MpfImage[]): void {
  const placed = images
    .filter((image) => image.start !== null)
    .sort((left, right) => (left.start ?? 0) - (right.start ?? 0));
  for (let index = 1; index < placed.length; index += 1) {
    const previous = placed[index - 1];
    const current = placed[index];
    if (previous !== undefined && current !== undefined) {
      const previousEnd = (previous.start ?? 0) + previous.bytes.length;
      if ((current.start ?? 0) < previousEnd) {
        throw new AppError(
          'E_CORRUPT',
          `JPEG is corrupt: its MPF index declares images ${previous.index + 1} and ` +
            `${current.index + 1} over the same bytes`,
        );
      }
    }
  }
}
