import type { Kind } from '../../shared/kinds.js';
import { buildAdobeRgbProfile } from '../exif/build-adobe-rgb-profile.js';
import { buildAppleGainMapXmp, readAppleGainMapXmp } from '../heif/apple-gain-map-xmp.js';
import type { KeepPolicy } from '../keep-policy.js';
import { createIccSegments } from './create-icc-segments.js';
import { findXmpKinds } from './find-xmp-kinds.js';
import { JPEG_MARKER } from './jpeg-markers.js';
import { hasMpfExtras } from './mpf-index.js';
import { planJpegExif } from './plan-jpeg-exif.js';
import { planJpegSegments } from './plan-jpeg-segments.js';
import type { JpegStructure } from './read-jpeg-segments.js';
import { buildUltraHdrGainMapXmp, readUltraHdrGainMapXmp } from './ultra-hdr-xmp.js';

/** The role of one image of a JPEG file, which decides the metadata it may keep. */
export type JpegImageRole =
  /** A lone image, a primary image without a kept gain map, or a frame of an MPO. */
  | { readonly kind: 'plain' }
  /** The primary image of a file whose gain map stays. */
  | { readonly kind: 'primary'; readonly keepAppleHdr: boolean }
  /** A gain map image that stays, with the XMP it carries rebuilt. */
  | { readonly kind: 'gain-map' };

/** One image cleaned, in the parts the file is assembled from. */
export interface CleanedJpegImage {
  /** JFIF and EXIF segments, written right after SOI. */
  readonly head: readonly Uint8Array[];
  /** The rebuilt XMP APP1 of a gain map, written after `head`, or null. */
  readonly xmp: Uint8Array | null;
  /** ISO 21496-1 APP2 segments, written after the XMP. */
  readonly iso: readonly Uint8Array[];
  /** ICC chunks of a replacement Adobe RGB profile, then the kept segments in input order. */
  readonly body: readonly Uint8Array[];
  /** The XMP packets of the input image, for a primary image's rebuilt Ultra HDR packet. */
  readonly xmpPackets: readonly Uint8Array[];
  readonly hasC2pa: boolean;
  /** True when a segment outside EXIF and C2PA is dropped or rewritten, or the EXIF changes. */
  readonly isChanged: boolean;
  readonly removed: Set<Kind>;
  readonly kept: Set<Kind>;
}

const XMP_IDENTIFIER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');

/** The largest XMP packet that fits one APP1 segment. */
const MAX_XMP_SIZE = 0xffff - 2 - XMP_IDENTIFIER.length;

/**
 * Cleans one image of a JPEG file: the segments from its SOI to its EOI. Data after its EOI is
 * not reported, because the caller knows which of it belongs to other images. A primary image
 * keeps its ISO 21496-1 APP2 segments, and with `keepAppleHdr` the Apple MakerNote reduced to
 * HDRHeadroom and HDRGain. A gain map keeps its ISO APP2 segments and its XMP rebuilt to hold
 * only the `hdrgm` or Apple `HDRGainMap` properties. Everything else follows the rules of
 * single images (see {@link planJpegSegments} and {@link planJpegExif}).
 */
export function cleanJpegImage(
  structure: JpegStructure,
  policy: KeepPolicy,
  role: JpegImageRole,
): CleanedJpegImage {
  const plan = planJpegSegments(structure, policy, false);
  const keepAppleHdr = role.kind === 'primary' && role.keepAppleHdr;
  const exif = planJpegExif(plan.exifSegments, plan.lateExifSegments, policy, keepAppleHdr);
  const removed = new Set<Kind>([...plan.removed, ...exif.removed]);
  const kept = new Set<Kind>([...plan.kept, ...exif.kept]);

  const xmp = role.kind === 'gain-map' ? rebuildGainMapXmp(plan.xmpPackets) : null;
  const xmpSegment = xmp === null ? null : createXmpSegment(xmp);
  const isXmpUnchanged =
    xmpSegment !== null &&
    plan.xmpPackets.length === 1 &&
    plan.xmpSegments[0] !== undefined &&
    Buffer.from(plan.xmpSegments[0].bytes).equals(xmpSegment);
  if (plan.xmpPackets.length > 0 && !isXmpUnchanged) {
    for (const kind of findXmpKinds(plan.xmpPackets)) {
      removed.add(kind);
    }
  }

  const keepsIso = role.kind !== 'plain';
  if (plan.isoGainMapSegments.length > 0 && !keepsIso) {
    removed.add('hdr-gain-map');
  }
  // The caller writes its own index when images stay, so an input index never survives, but
  // only what lies beyond the index is reported.
  if (plan.mpfSegments.some((segment) => hasMpfExtras(segment.payload))) {
    removed.add('exif-other');
  }
  const iso = keepsIso ? plan.isoGainMapSegments.map((segment) => segment.bytes) : [];
  const color = createReplacementProfile(
    exif.isAdobeRgb && !plan.kept.has('icc-profile') && !plan.removed.has('icc-profile'),
    policy,
  );
  if (color.length > 0) {
    kept.add('icc-profile');
  }
  const head = [plan.jfif, exif.segment].filter((part) => part !== null);
  return {
    head,
    xmp: xmpSegment,
    iso,
    body: [...color, ...plan.body],
    xmpPackets: plan.xmpPackets,
    hasC2pa: plan.hasC2pa,
    isChanged:
      plan.isChanged ||
      !exif.isUnchanged ||
      (plan.xmpPackets.length > 0 && !isXmpUnchanged) ||
      (plan.isoGainMapSegments.length > 0 && !keepsIso) ||
      plan.mpfSegments.length > 0 ||
      color.length > 0,
    removed,
    kept,
  };
}

/** Rebuilds a gain map's XMP from its `hdrgm` or Apple `HDRGainMap` values, or returns null. */
function rebuildGainMapXmp(packets: readonly Uint8Array[]): Uint8Array | null {
  for (const packet of packets) {
    const ultraHdr = readUltraHdrGainMapXmp(packet);
    if (ultraHdr !== null) {
      return buildUltraHdrGainMapXmp(ultraHdr);
    }
    const apple = readAppleGainMapXmp(packet);
    if (apple !== null) {
      return buildAppleGainMapXmp(apple);
    }
  }
  return null;
}

/** Wraps an XMP packet in a standard XMP APP1 segment, or returns null when it does not fit. */
export function createXmpSegment(packet: Uint8Array): Uint8Array | null {
  if (packet.length > MAX_XMP_SIZE) {
    return null;
  }
  const length = 2 + XMP_IDENTIFIER.length + packet.length;
  const segment = new Uint8Array(2 + length);
  segment.set([0xff, JPEG_MARKER.app1, length >> 8, length & 0xff]);
  segment.set(XMP_IDENTIFIER, 4);
  segment.set(packet, 4 + XMP_IDENTIFIER.length);
  return segment;
}

/**
 * Returns the APP2 segments of an Adobe RGB compatible profile when the EXIF about to be
 * removed was the only thing marking the image as Adobe RGB, else none.
 */
function createReplacementProfile(isOnlyExifAdobeRgb: boolean, policy: KeepPolicy): Uint8Array[] {
  if (!isOnlyExifAdobeRgb || policy.colorProfile === false) {
    return [];
  }
  return createIccSegments(buildAdobeRgbProfile());
}
