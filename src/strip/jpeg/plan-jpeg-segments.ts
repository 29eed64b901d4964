import { AppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import { checkFrameSyntax, type FrameSyntax } from './check-frame-syntax.js';
import { classifyJpegTrailer } from './classify-jpeg-trailer.js';
import { findPhotoshopKinds } from './find-photoshop-kinds.js';
import { identifyJpegSegment } from './identify-jpeg-segment.js';
import { getMarkerName, JPEG_MARKER } from './jpeg-markers.js';
import type { JpegSegment, JpegStructure } from './read-jpeg-segments.js';
import { rewriteAdobeSegment } from './rewrite-adobe-segment.js';
import { rewriteJfif } from './rewrite-jfif.js';
import { validateIccChunks, type IccChunksVerdict } from './validate-icc-chunks.js';

/** The decision for each segment of a JPEG, except EXIF and C2PA, which are decided later. */
export interface JpegSegmentPlan {
  /** The JFIF APP0 segment to write right after SOI, or null when the input has none. */
  readonly jfif: Uint8Array | null;
  /** The segments to copy, each SOS followed by its scan data, in input order. */
  readonly body: readonly Uint8Array[];
  /** EXIF APP1 segments before the first scan, in input order. */
  readonly exifSegments: readonly JpegSegment[];
  /**
   * EXIF APP1 segments after the first scan. libjpeg-based readers such as sharp, and ExifTool,
   * stop reading markers at the first SOS, so readers apply nothing in these.
   */
  readonly lateExifSegments: readonly JpegSegment[];
  readonly hasC2pa: boolean;
  /** Standard XMP APP1 segments and the packets of all XMP segments, Extended XMP included. */
  readonly xmpSegments: readonly JpegSegment[];
  readonly xmpPackets: readonly Uint8Array[];
  /** MPF APP2 segments, whose images the caller keeps or drops. */
  readonly mpfSegments: readonly JpegSegment[];
  /** ISO 21496-1 gain map APP2 segments before the first scan, for the caller to keep or drop. */
  readonly isoGainMapSegments: readonly JpegSegment[];
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
  /** True when a segment or trailer outside EXIF, XMP, MPF, ISO and C2PA is dropped or rewritten. */
  readonly isChanged: boolean;
}

/** Bytes before the packet in a standard XMP APP1: the namespace URI and its NUL. */
const XMP_HEADER_SIZE = 29;

/** Bytes before the data in an Extended XMP APP1: URI, GUID, full length and chunk offset. */
const EXTENDED_XMP_HEADER_SIZE = 35 + 32 + 4 + 4;

/**
 * Sorts the segments of a JPEG into those copied, rewritten and dropped, and names the kinds
 * dropped. Image-defining segments with their scan data, ICC chunks (when the policy keeps
 * colour) and Adobe APP14 are kept, each only where its content is valid for its type:
 * - Image segments must pass {@link checkFrameSyntax}, which also finds the misplaced DNL
 *   segments that are dropped.
 * - ICC chunks must form a valid profile (see {@link validateIccChunks}) and precede the first
 *   scan, where readers look for them. Otherwise they go as `unknown-block`.
 * - An Adobe APP14 before the first scan is cut to the 12 bytes decoders read (see
 *   {@link rewriteAdobeSegment}). One after it goes, because libjpeg fixes the colour transform
 *   when the first scan starts.
 *
 * XMP, MPF and ISO gain map segments are collected for the caller, which decides what of them
 * stays. `structure.trailer` is reported here only with `includeTrailer`.
 *
 * @throws AppError `E_UNSUPPORTED_FORMAT` for a segment reserved for JPEG extensions or a
 *   hierarchical JPEG, `E_CORRUPT` for broken image segments or an ICC profile whose size field
 *   differs from its length.
 */
export function planJpegSegments(
  structure: JpegStructure,
  policy: KeepPolicy,
  includeTrailer = true,
): JpegSegmentPlan {
  const syntax = checkFrameSyntax(structure.segments);
  const planner = new SegmentPlanner(policy, syntax, validateEarlyIccChunks(structure.segments));
  for (const segment of structure.segments) {
    planner.visit(segment);
  }
  if (includeTrailer && structure.trailer.length > 0) {
    planner.drop(classifyJpegTrailer(structure.trailer));
  }
  return planner.toPlan();
}

/** Validates the ICC chunks before the first scan, or returns null when there are none. */
function validateEarlyIccChunks(segments: readonly JpegSegment[]): IccChunksVerdict | null {
  const payloads: Uint8Array[] = [];
  for (const segment of segments) {
    if (segment.marker === JPEG_MARKER.sos) {
      break;
    }
    if (identifyJpegSegment(segment) === 'icc') {
      payloads.push(segment.payload);
    }
  }
  return payloads.length === 0 ? null : validateIccChunks(payloads);
}

class SegmentPlanner {
  readonly #policy: KeepPolicy;
  readonly #syntax: FrameSyntax;
  readonly #iccVerdict: IccChunksVerdict | null;
  readonly #body: Uint8Array[] = [];
  readonly #exifSegments: JpegSegment[] = [];
  readonly #lateExifSegments: JpegSegment[] = [];
  readonly #xmpPackets: Uint8Array[] = [];
  readonly #xmpSegments: JpegSegment[] = [];
  readonly #mpfSegments: JpegSegment[] = [];
  readonly #isoGainMapSegments: JpegSegment[] = [];
  readonly #removed = new Set<Kind>();
  readonly #kept = new Set<Kind>();
  #jfif: Uint8Array | null = null;
  #hasC2pa = false;
  #isChanged = false;
  #isBeforeFirstScan = true;

  constructor(policy: KeepPolicy, syntax: FrameSyntax, iccVerdict: IccChunksVerdict | null) {
    this.#policy = policy;
    this.#syntax = syntax;
    this.#iccVerdict = iccVerdict;
  }

  visit(segment: JpegSegment): void {
    const role = identifyJpegSegment(segment);
    switch (role) {
      case 'image':
        this.#visitImage(segment);
        return;
      case 'adobe':
        this.#visitAdobe(segment);
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
        (this.#isBeforeFirstScan ? this.#exifSegments : this.#lateExifSegments).push(segment);
        return;
      case 'xmp':
        this.#xmpSegments.push(segment);
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
        this.#mpfSegments.push(segment);
        return;
      case 'iso-gain-map':
        if (this.#isBeforeFirstScan) {
          this.#isoGainMapSegments.push(segment);
        } else {
          this.drop('unknown-block');
        }
        return;
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
    return {
      jfif: this.#jfif,
      body: this.#body,
      exifSegments: this.#exifSegments,
      lateExifSegments: this.#lateExifSegments,
      hasC2pa: this.#hasC2pa,
      xmpSegments: this.#xmpSegments,
      xmpPackets: this.#xmpPackets,
      mpfSegments: this.#mpfSegments,
      isoGainMapSegments: this.#isoGainMapSegments,
      removed: this.#removed,
      kept: this.#kept,
      isChanged: this.#isChanged,
    };
  }

  #keep(segment: JpegSegment): void {
    this.#body.push(segment.bytes);
    if (segment.scanData.length > 0) {
      // NOTE: scan data is copied unread, because telling entropy-coded data from bytes appended
      // after the last MCU (before the next marker) needs Huffman or arithmetic decoding, so such
      // bytes survive cleaning.
      this.#body.push(segment.scanData);
    }
  }

  #visitImage(segment: JpegSegment): void {
    if (this.#syntax.misplacedDnl.has(segment)) {
      this.drop('unknown-block');
      return;
    }
    this.#keep(segment);
    if (segment.marker === JPEG_MARKER.sos) {
      this.#isBeforeFirstScan = false;
    }
  }

  #visitAdobe(segment: JpegSegment): void {
    const rewrite = this.#isBeforeFirstScan ? rewriteAdobeSegment(segment) : null;
    if (rewrite === null) {
      this.drop('unknown-block');
      return;
    }
    this.#body.push(rewrite);
    if (rewrite !== segment.bytes) {
      this.drop('unknown-block');
    }
  }

  #visitIcc(segment: JpegSegment): void {
    const verdict = this.#iccVerdict;
    if (!this.#isBeforeFirstScan || verdict === null || verdict.status === 'unusable') {
      // Readers collect the chunks only from the markers before the first scan.
      this.drop('unknown-block');
      return;
    }
    // 'srgb' keeps the profile too: the lossy conversion to sRGB needs the source profile.
    if (this.#policy.colorProfile === false) {
      this.drop('icc-profile');
      return;
    }
    if (verdict.status === 'size-mismatch') {
      throw new AppError(
        'E_CORRUPT',
        `JPEG is corrupt: its ICC profile's size field says ${verdict.declaredSize} bytes, ` +
          `but its chunks hold ${verdict.actualSize}. MetaClear can neither keep bytes outside ` +
          'the profile nor drop a profile that colour management may still apply',
      );
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
