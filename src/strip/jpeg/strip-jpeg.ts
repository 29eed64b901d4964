import { sortKinds, type Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import type { StripResult } from '../strip-result.js';
import { JPEG_MARKER } from './jpeg-markers.js';
import { buildAdobeRgbProfile } from '../exif/build-adobe-rgb-profile.js';
import { createIccSegments } from './create-icc-segments.js';
import { planJpegExif, type JpegExifPlan } from './plan-jpeg-exif.js';
import { planJpegSegments, type JpegSegmentPlan } from './plan-jpeg-segments.js';
import { readJpegSegments } from './read-jpeg-segments.js';

const SOI = new Uint8Array([0xff, JPEG_MARKER.soi]);
const EOI = new Uint8Array([0xff, JPEG_MARKER.eoi]);

/**
 * Removes metadata from a JPEG without touching its image data. The output starts with SOI,
 * the JFIF APP0 (with a 0×0 thumbnail) when the input had one, and our minimal EXIF block when
 * the policy keeps a value from the EXIF block that readers apply. The kept segments follow in
 * input order: image-defining segments with their scan data, ICC chunks and the Adobe APP14,
 * each only when its content is valid for its type (see {@link planJpegSegments}). A file that
 * marks Adobe RGB only in its EXIF gets an Adobe RGB compatible ICC profile in place of that
 * marking. Everything else goes, including data after EOI. A JPEG with nothing to remove comes
 * back as the input array itself, `changed: false`.
 *
 * @throws AppError `E_TRUNCATED`, `E_CORRUPT` (also for a JPEG without image data, or with
 *   more than `MAX_JPEG_SEGMENTS` segments or `MAX_JPEG_SCANS` scans), `E_MPF_UNSUPPORTED` or
 *   `E_UNSUPPORTED_FORMAT`.
 * @example
 * const result = stripJpeg(bytes, DEFAULT_KEEP_POLICY);
 * result.removed; // ['gps', 'camera-model', 'thumbnail']
 */
export function stripJpeg(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const structure = readJpegSegments(bytes);
  const plan = planJpegSegments(structure, policy);
  const exif = planJpegExif(plan.exifSegments, plan.lateExifSegments, policy);
  const removed = new Set<Kind>([...plan.removed, ...exif.removed]);
  const kept = new Set<Kind>([...plan.kept, ...exif.kept]);
  const isChanged = plan.isChanged || !exif.isUnchanged;

  if (plan.hasC2pa && policy.contentCredentials && !isChanged) {
    // A C2PA manifest's hard binding covers every other byte, so it survives only when
    // nothing else needs removing.
    kept.add('content-credentials');
  } else if (plan.hasC2pa) {
    // TODO: with `contentCredentials: true`, keep the disclosure as an XMP packet holding only
    // Iptc4xmpExt:DigitalSourceType; for now the whole manifest is removed.
    removed.add('c2pa');
  }

  if (removed.size === 0 && !isChanged) {
    return { format: 'jpeg', bytes, removed: [], kept: sortKinds(kept), changed: false };
  }
  const colorSegments = createReplacementProfile(plan, exif, policy);
  if (colorSegments.length > 0) {
    kept.add('icc-profile');
  }

  const parts = [SOI, plan.jfif, exif.segment, ...colorSegments, ...plan.body, EOI];
  return {
    format: 'jpeg',
    bytes: concatenate(parts.filter((part) => part !== null)),
    removed: sortKinds(removed),
    kept: sortKinds(kept),
    changed: true,
  };
}

/**
 * Returns the APP2 segments of an Adobe RGB compatible profile when the EXIF about to be
 * removed was the only thing marking the file as Adobe RGB, else none.
 */
function createReplacementProfile(
  plan: JpegSegmentPlan,
  exif: JpegExifPlan,
  policy: KeepPolicy,
): Uint8Array[] {
  const hasProfile = plan.kept.has('icc-profile') || plan.removed.has('icc-profile');
  if (!exif.isAdobeRgb || hasProfile || policy.colorProfile === false) {
    return [];
  }
  return createIccSegments(buildAdobeRgbProfile());
}

function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const output = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    output.set(part, offset);
    offset += part.length;
  }
  return output;
}
