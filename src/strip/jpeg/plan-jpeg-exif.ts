import { AppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import { buildMinimalExif, type MinimalExifFields } from '../exif/build-minimal-exif.js';
import { inspectExif, type ExifInspection } from '../exif/inspect-exif.js';
import type { KeepPolicy } from '../keep-policy.js';
import { JPEG_MARKER } from './jpeg-markers.js';
import type { JpegSegment } from './read-jpeg-segments.js';

/** The decision for a JPEG's EXIF APP1 segments: the segment to write and the kinds reported. */
export interface JpegExifPlan {
  /** The APP1 segment to write after JFIF: our minimal block, or null for none. */
  readonly segment: Uint8Array | null;
  /** True when the input held exactly one EXIF segment and it already was `segment`. */
  readonly isUnchanged: boolean;
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
  /** True when the EXIF marks Adobe RGB without an ICC profile (see {@link inspectExif}). */
  readonly isAdobeRgb: boolean;
}

/** "Exif\0\0", which precedes the TIFF header in APP1. */
const EXIF_HEADER = new Uint8Array([0x45, 0x78, 0x69, 0x66, 0x00, 0x00]);

/** The largest TIFF block that fits one APP1 segment (65535 minus length and header). */
const MAX_TIFF_SIZE = 0xffff - 2 - EXIF_HEADER.length;

/**
 * Decides what replaces the EXIF segments of a JPEG: our minimal block with the values the
 * policy keeps from the first segment before the first scan (the one readers use), or nothing.
 * Every other tag and every further segment is reported as removed by kind. `lateSegments`
 * follow the first scan, where libjpeg-based readers and ExifTool never look. Their values are
 * never kept, and their orientation is reported removed unless our block writes one. With
 * `keepAppleHdr` (an Apple gain map stays), the block also keeps the Apple MakerNote reduced to
 * HDRHeadroom and HDRGain.
 */
export function planJpegExif(
  segments: readonly JpegSegment[],
  lateSegments: readonly JpegSegment[],
  policy: KeepPolicy,
  keepAppleHdr = false,
): JpegExifPlan {
  const [first, ...others] = [...segments, ...lateSegments].map((segment) =>
    inspectExif(segment.payload.subarray(6)),
  );
  if (first === undefined) {
    return {
      segment: null,
      isUnchanged: true,
      removed: new Set(),
      kept: new Set(),
      isAdobeRgb: false,
    };
  }
  const source = segments.length > 0 ? first : null;
  const dropped = source === null ? [first, ...others] : others;

  const { fields, removed, kept } = selectKeptFields(source, policy, keepAppleHdr);
  for (const other of dropped) {
    const kinds = new Set(other.kinds);
    if (isTransformingOrientation(other.orientation) && fields.orientation === undefined) {
      kinds.add('orientation');
    }
    addAll(removed, kinds.size > 0 ? kinds : ['exif-other']);
  }

  const segment = createExifSegment(buildMinimalExif(fields));
  const only = segments.length === 1 && lateSegments.length === 0 ? segments[0] : undefined;
  const isUnchanged = segment !== null && only !== undefined && isEqual(only.bytes, segment);
  if (!isUnchanged && removed.size === 0) {
    // The block held nothing we name (padding, an empty IFD1, orientation 1), yet it goes.
    removed.add('exif-other');
  }
  return { segment, isUnchanged, removed, kept, isAdobeRgb: source?.isAdobeRgb ?? false };
}

/**
 * Splits the first block's values into the fields to write back and the kinds removed. A null
 * `inspection` (no block that readers apply) yields no fields.
 */
function selectKeptFields(
  inspection: ExifInspection | null,
  policy: KeepPolicy,
  keepAppleHdr: boolean,
): { fields: MinimalExifFields; removed: Set<Kind>; kept: Set<Kind> } {
  const removed = new Set<Kind>(inspection?.kindsBeyondMinimal);
  const kept = new Set<Kind>();
  let fields: MinimalExifFields = {};
  if (inspection === null) {
    return { fields, removed, kept };
  }
  const { orientation, captureDate, offsetTimeOriginal, copyright } = inspection;
  if (orientation !== null && orientation !== 1) {
    // 'bake' keeps the tag too: the lossy step that rotates the pixels reads it from here.
    if (policy.orientation === false) {
      removed.add('orientation');
    } else {
      fields = { ...fields, orientation };
      kept.add('orientation');
    }
  }
  if (captureDate !== null && policy.captureDate) {
    fields = { ...fields, captureDate };
    kept.add('capture-date');
    if (offsetTimeOriginal !== null) {
      fields = { ...fields, offsetTimeOriginal };
    }
  } else if (captureDate !== null || offsetTimeOriginal !== null) {
    removed.add('datetime');
  }
  if (copyright !== null && policy.copyright) {
    fields = { ...fields, copyright };
    kept.add('copyright');
  } else if (copyright !== null) {
    removed.add('owner');
  }
  if (inspection.appleHdr !== null && keepAppleHdr) {
    fields = { ...fields, appleHdr: inspection.appleHdr };
  } else if (inspection.kinds.has('maker-notes')) {
    removed.add('maker-notes');
  }
  return { fields, removed, kept };
}

/** Wraps a TIFF block in an APP1 segment, or returns null when there is none. */
function createExifSegment(tiff: Uint8Array | null): Uint8Array | null {
  if (tiff === null) {
    return null;
  }
  if (tiff.length > MAX_TIFF_SIZE) {
    // Reachable only with a hand-made input: our block has a subset of the entries of an
    // input block that fitted one APP1 segment, and each value grows by one NUL at most.
    throw new AppError('E_INTERNAL', 'The minimal EXIF block does not fit one APP1 segment');
  }
  const length = 2 + EXIF_HEADER.length + tiff.length;
  const segment = new Uint8Array(2 + length);
  segment.set([0xff, JPEG_MARKER.app1, length >> 8, length & 0xff]);
  segment.set(EXIF_HEADER, 4);
  segment.set(tiff, 4 + EXIF_HEADER.length);
  return segment;
}

/** Returns true for orientations 2..8, which rotate or mirror; 1 is the identity. */
function isTransformingOrientation(orientation: number | null): boolean {
  return orientation !== null && orientation >= 2 && orientation <= 8;
}

function addAll(target: Set<Kind>, kinds: Iterable<Kind>): void {
  for (const kind of kinds) {
    target.add(kind);
  }
}

function isEqual(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(right);
}
