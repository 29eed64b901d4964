import type { Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';

/** `auxC` types of alpha planes: MPEG-B CICP, and the older HEVC and AVC identifiers. */
const ALPHA_TYPES: ReadonlySet<string> = new Set([
  'urn:mpeg:mpegB:cicp:systems:auxiliary:alpha',
  'urn:mpeg:hevc:2015:auxid:1',
  'urn:mpeg:avc:2015:auxid:1',
]);

/** `auxC` types of depth maps stored as images. */
const DEPTH_TYPES: ReadonlySet<string> = new Set([
  'urn:mpeg:mpegB:cicp:systems:auxiliary:depth',
  'urn:mpeg:hevc:2015:auxid:2',
  'urn:mpeg:avc:2015:auxid:2',
]);

/** The `auxC` type of Apple's HDR gain map, which iPhones write since iOS 14.1. */
export const APPLE_GAIN_MAP_TYPE = 'urn:com:apple:photo:2020:aux:hdrgainmap';

/** Apple's linear thumbnail, an auxiliary image that is a small copy of the picture. */
const APPLE_THUMBNAIL_TYPE = 'tag:apple.com,2023:photo:aux:linearthumbnail';

/** Whether an auxiliary image stays, and the kind it is reported as either way. */
export interface AuxiliaryDecision {
  readonly isKept: boolean;
  /** The kind reported in `kept` or `removed`, or null for one that needs no report. */
  readonly kind: Kind | null;
}

/**
 * Decides whether an auxiliary image of type `auxType` stays. Alpha and depth stay, because
 * they shape the picture. An Apple HDR gain map stays when the policy keeps gain maps. Every
 * other type goes: Apple's semantic mattes, photographic style maps and linear thumbnail are
 * derived from the picture and not needed to show it.
 */
export function decideAuxiliaryImage(auxType: string, policy: KeepPolicy): AuxiliaryDecision {
  if (ALPHA_TYPES.has(auxType) || DEPTH_TYPES.has(auxType)) {
    return { isKept: true, kind: null };
  }
  if (auxType === APPLE_GAIN_MAP_TYPE) {
    return { isKept: policy.hdrGainMap, kind: 'hdr-gain-map' };
  }
  if (auxType === APPLE_THUMBNAIL_TYPE) {
    return { isKept: false, kind: 'thumbnail' };
  }
  return { isKept: false, kind: 'unknown-block' };
}
