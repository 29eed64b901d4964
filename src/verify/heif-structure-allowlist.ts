import type { KeepPolicy } from '../strip/keep-policy.js';

/**
 * The HEIF structure check's own allowlists. They repeat what the stripper keeps on purpose:
 * a type added to the stripper's lists by mistake must still fail here.
 */

/** Item types whose data defines pixels: coded images, grids, overlays and identity. */
const IMAGE_ITEM_TYPES: ReadonlySet<string> = new Set([
  'hvc1',
  'av01',
  'jpeg',
  'avc1',
  'vvc1',
  'j2k1',
  'unci',
  'hvt1',
  'lhv1',
  'grid',
  'iden',
  'iovl',
]);

/** Returns true when an output item of `type` may stay under `policy` as an image. */
export function isAllowedImageItemType(type: string, policy: KeepPolicy): boolean {
  return IMAGE_ITEM_TYPES.has(type) || (type === 'tmap' && policy.hdrGainMap);
}

/** Property types that define how an image decodes or displays. */
const IMAGE_PROPERTY_TYPES: ReadonlySet<string> = new Set([
  'hvcC',
  'av1C',
  'avcC',
  'vvcC',
  'lhvC',
  'j2kH',
  'uncC',
  'cmpd',
  'jpgC',
  'ispe',
  'pixi',
  'pasp',
  'clap',
  'auxC',
  'clli',
  'mdcv',
  'cclv',
  'amve',
  'a1op',
  'a1lx',
  'lsel',
  'oinf',
  'tols',
  'rloc',
  'iscl',
  'ccst',
]);

/**
 * Returns true when a property may stay: an image-defining type, an `nclx` colour box, an ICC
 * colour box when the policy keeps colour profiles, or `irot`/`imir` when it keeps
 * orientation. `colourType` is the `colr` box's colour type, or null for other boxes.
 */
export function isAllowedPropertyType(
  type: string,
  colourType: string | null,
  policy: KeepPolicy,
): boolean {
  if (type === 'colr') {
    const isIcc = colourType === 'prof' || colourType === 'rICC';
    return colourType === 'nclx' || (isIcc && policy.colorProfile !== false);
  }
  if (type === 'irot' || type === 'imir') {
    return policy.orientation !== false;
  }
  return IMAGE_PROPERTY_TYPES.has(type);
}

/** Auxiliary image types that may stay: alpha planes and depth maps, by every standard name. */
const AUXILIARY_TYPES: ReadonlySet<string> = new Set([
  'urn:mpeg:mpegB:cicp:systems:auxiliary:alpha',
  'urn:mpeg:hevc:2015:auxid:1',
  'urn:mpeg:avc:2015:auxid:1',
  'urn:mpeg:mpegB:cicp:systems:auxiliary:depth',
  'urn:mpeg:hevc:2015:auxid:2',
  'urn:mpeg:avc:2015:auxid:2',
]);

/** The auxiliary type of Apple's HDR gain map. */
export const APPLE_GAIN_MAP_TYPE = 'urn:com:apple:photo:2020:aux:hdrgainmap';

/** Returns true when an auxiliary image of `auxType` may stay; Apple gain maps by policy. */
export function isAllowedAuxiliaryType(auxType: string, policy: KeepPolicy): boolean {
  const isAppleGainMap = auxType === APPLE_GAIN_MAP_TYPE;
  return AUXILIARY_TYPES.has(auxType) || (isAppleGainMap && policy.hdrGainMap);
}

/**
 * Reference types that may stay, and whether each must equal the input's list exactly: the
 * inputs of a derived image and a tile's base define pixels, so they may not lose a member.
 */
export const ALLOWED_REFERENCE_TYPES: ReadonlyMap<string, 'exact' | 'subset'> = new Map([
  ['dimg', 'exact'],
  ['tbas', 'exact'],
  ['base', 'exact'],
  ['auxl', 'subset'],
  ['prem', 'subset'],
  ['cdsc', 'subset'],
]);

/** Entity group types that may stay: alternatives and stereo pairs. */
export const ALLOWED_GROUP_TYPES: ReadonlySet<string> = new Set(['altr', 'ster']);

/** `meta` children a cleaned file may contain. */
export const ALLOWED_META_CHILDREN: ReadonlySet<string> = new Set([
  'hdlr',
  'dinf',
  'pitm',
  'iinf',
  'iloc',
  'iref',
  'iprp',
  'idat',
  'grpl',
]);

/** The `uuid` extended type of a C2PA manifest store in an ISO-BMFF file. */
export const C2PA_UUID = 'd8fec3d61b0e483c92975828877ec481';
