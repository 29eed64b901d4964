import { AppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import { classifyJpegTrailer } from './classify-jpeg-trailer.js';
import { findPhotoshopKinds } from './find-photoshop-kinds.js';
import { findXmpKinds } from './find-xmp-kinds.js';
import { identifyJpegSegment } from './identify-jpeg-segment.js';
import { getMarkerName } from './jpeg-markers.js';
import type { JpegSegment, JpegStructure } from './read-jpeg-segments.js';
import { rewriteJfif } from './rewrite-jfif.js';

/** The decision for each segment of a JPEG, except EXIF and C2PA, which are decided later. */
export interface JpegSegmentPlan {
  /** The JFIF APP0 segment to write right after SOI, or null when the input has none. */
  readonly jfif: Uint8Array | null;
  /** The segments to copy, each SOS followed by its scan data, in input order. */
  readonly body: readonly Uint8Array[];
  readonly exifSegments: readonly JpegSegment[];
  readonly hasC2pa: boolean;
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
  /** True when a segment or trailer outside EXIF and C2PA is dropped or rewritten. */
  readonly isChanged: boolean;
}

/** Bytes before the packet in a standard XMP APP1: the namespace URI and its NUL. */
const XMP_HEADER_SIZE = 29;

/** Bytes before the data in an Extended XMP APP1: URI, GUID, full length and chunk offset. */
const EXTENDED_XMP_HEADER_SIZE = 35 + 32 + 4 + 4;

/**
 * Sorts the segments of a JPEG into those copied, rewritten and dropped, and names the kinds
 * dropped. The image-defining segments, scan data, ICC chunks (when the policy keeps colour)
 * and Adobe APP14 are copied byte for byte.
 *
 * @throws AppError `E_MPF_UNSUPPORTED` for a multi-picture JPEG, `E_UNSUPPORTED_FORMAT` for a
 *   segment reserved for JPEG extensions.
 */
export function planJpegSegments(structure: JpegStructure, policy: KeepPolicy): JpegSegmentPlan {
  const planner = new SegmentPlanner(policy);
  for (const segment of structure.segments) {
    planner.visit(segment);
  }
  if (structure.trailer.length > 0) {
    planner.drop(classifyJpegTrailer(structure.trailer));
  }
  return planner.toPlan();
}

class SegmentPlanner {
  readonly #policy: KeepPolicy;
  readonly #body: Uint8Array[] = [];
  readonly #exifSegments: JpegSegment[] = [];
  readonly #xmpPackets: Uint8Array[] = [];
  readonly #removed = new Set<Kind>();
  readonly #kept = new Set<Kind>();
  #jfif: Uint8Array | null = null;
  #hasC2pa = false;
  #isChanged = false;

  constructor(policy: KeepPolicy) {
    this.#policy = policy;
  }

  visit(segment: JpegSegment): void {
    const role = identifyJpegSegment(segment);
    switch (role) {
      case 'image':
      case 'adobe':
        this.#keep(segment);
        return;
      case 'icc':
        this.#visitIcc(segment);
        return;
      case 'jfif':
        this.#visitJfif(segment);
        return;
      case 'jfxx':
        this.drop('thumbnail');
        return;
      case 'exif':
        this.#exifSegments.push(segment);
        return;
      case 'xmp':
        this.#xmpPackets.push(segment.payload.subarray(XMP_HEADER_SIZE));
        return;
      case 'xmp-extended':
        this.#xmpPackets.push(segment.payload.subarray(EXTENDED_XMP_HEADER_SIZE));
        return;
      case 'jumbf':
        this.#hasC2pa = true;
        return;
      case 'photoshop':
        for (const kind of findPhotoshopKinds(segment.payload)) {
          this.drop(kind);
        }
        return;
      case 'comment':
        this.drop('comment');
        return;
      case 'mpf':
        throw new AppError(
          'E_MPF_UNSUPPORTED',
          'Multi-picture JPEGs (an MPF index, as in HDR gain maps and stereo pairs) are not ' +
            'supported yet, so this file is left as it is',
        );
      case 'extension':
        throw new AppError(
          'E_UNSUPPORTED_FORMAT',
          `JPEG extension segments (${getMarkerName(segment.marker)}) are not supported`,
        );
      case 'other':
        this.drop('unknown-block');
        return;
    }
  }

  drop(kind: Kind): void {
    this.#removed.add(kind);
    this.#isChanged = true;
  }

  toPlan(): JpegSegmentPlan {
    if (this.#xmpPackets.length > 0) {
      for (const kind of findXmpKinds(this.#xmpPackets)) {
        this.drop(kind);
      }
    }
    return {
      jfif: this.#jfif,
      body: this.#body,
      exifSegments: this.#exifSegments,
      hasC2pa: this.#hasC2pa,
      removed: this.#removed,
      kept: this.#kept,
      isChanged: this.#isChanged,
    };
  }

  #keep(segment: JpegSegment): void {
    this.#body.push(segment.bytes);
    if (segment.scanData.length > 0) {
      this.#body.push(segment.scanData);
    }
  }

  #visitIcc(segment: JpegSegment): void {
    // 'srgb' keeps the profile too: the lossy conversion to sRGB needs the source profile.
    if (this.#policy.colorProfile === false) {
      this.drop('icc-profile');
      return;
    }
    this.#keep(segment);
    this.#kept.add('icc-profile');
  }

  /** Keeps the first JFIF segment without its thumbnail; any further one is dropped. */
  #visitJfif(segment: JpegSegment): void {
    const rewrite = rewriteJfif(segment);
    if (rewrite === null || this.#jfif !== null) {
      this.drop(rewrite?.hadThumbnail === true ? 'thumbnail' : 'unknown-block');
      return;
    }
    this.#jfif = rewrite.segment;
    this.#isChanged ||= !rewrite.isUnchanged;
    if (rewrite.hadThumbnail) {
      this.#removed.add('thumbnail');
    }
    if (rewrite.hadExtraBytes) {
      this.#removed.add('unknown-block');
    }
  }
}
