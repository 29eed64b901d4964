import type { Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import { decideAuxiliaryImage } from './auxiliary-types.js';
import { ByteCursor } from './byte-cursor.js';
import { readFullBoxHeader, type IsoBox } from './read-boxes.js';

/** The decision for one item property, with the kind it is reported as. */
export type PropertyDecision =
  | { readonly action: 'keep'; readonly keptKind: Kind | null }
  | { readonly action: 'drop'; readonly removedKind: Kind | null };

/**
 * Properties that define how an image decodes or displays. They are the decoder
 * configurations (HEVC, AV1, AVC, VVC, layered HEVC, JPEG 2000, uncompressed, JPEG), size, bit
 * depth, aspect ratio, clean aperture and auxiliary type. HDR light levels, mastering display
 * and ambient viewing follow, then AV1 operating point and layers, layer selection, operating
 * points, target output layers, relative location, scaling and coding constraints. `colr`,
 * `irot` and `imir` are decided separately.
 */
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
 * Properties that describe rather than define the image: user description and accessibility
 * text (free text), creation and modification times, camera intrinsics and extrinsics.
 */
const METADATA_PROPERTY_KINDS: ReadonlyMap<string, Kind> = new Map([
  ['udes', 'comment'],
  ['altt', 'comment'],
  ['crtt', 'datetime'],
  ['mdft', 'datetime'],
  ['cmin', 'exif-other'],
  ['cmex', 'exif-other'],
]);

/**
 * Decides whether a property stays. Image-defining properties stay. An ICC `colr` (`prof` or
 * `rICC`) follows `policy.colorProfile`, and `irot`/`imir` follow `policy.orientation`. An
 * `nclx` `colr` always stays. An `auxC` stays when its auxiliary type does. Descriptive
 * properties are removed under their kind, and unknown ones as `unknown-block`.
 */
export function classifyHeifProperty(
  bytes: Uint8Array,
  box: IsoBox,
  policy: KeepPolicy,
): PropertyDecision {
  switch (box.type) {
    case 'colr':
      return classifyColour(bytes, box, policy);
    case 'irot':
    case 'imir':
      return classifyOrientation(isTransforming(bytes, box), policy);
    case 'auxC':
      return decideAuxiliaryImage(readAuxiliaryType(bytes, box), policy).isKept
        ? { action: 'keep', keptKind: null }
        : { action: 'drop', removedKind: null };
    default:
      break;
  }
  if (IMAGE_PROPERTY_TYPES.has(box.type)) {
    return { action: 'keep', keptKind: null };
  }
  return { action: 'drop', removedKind: METADATA_PROPERTY_KINDS.get(box.type) ?? 'unknown-block' };
}

function classifyColour(bytes: Uint8Array, box: IsoBox, policy: KeepPolicy): PropertyDecision {
  const colourType = readColourType(bytes, box);
  if (colourType === 'nclx') {
    return { action: 'keep', keptKind: null };
  }
  if (colourType !== 'prof' && colourType !== 'rICC') {
    return { action: 'drop', removedKind: 'unknown-block' };
  }
  return policy.colorProfile === false
    ? { action: 'drop', removedKind: 'icc-profile' }
    : { action: 'keep', keptKind: 'icc-profile' };
}

function classifyOrientation(isTransforming: boolean, policy: KeepPolicy): PropertyDecision {
  const kind = isTransforming ? 'orientation' : null;
  return policy.orientation === false
    ? { action: 'drop', removedKind: kind }
    : { action: 'keep', keptKind: kind };
}

/** Returns the colour type of a `colr` box: `nclx`, `prof`, `rICC` or another code. */
export function readColourType(bytes: Uint8Array, box: IsoBox): string {
  return new ByteCursor(bytes, box.payloadStart, box.end, "a 'colr' box").readFourCc();
}

/**
 * Returns true when an `irot` turns the image (its angle is not 0) or for any `imir`, which
 * always mirrors.
 */
export function isTransforming(bytes: Uint8Array, box: IsoBox): boolean {
  if (box.type === 'imir') {
    return true;
  }
  const angle = new ByteCursor(bytes, box.payloadStart, box.end, "an 'irot' box").readUint8();
  return (angle & 0b11) !== 0;
}

/** Returns the auxiliary type of an `auxC` box, such as an alpha or gain-map URN. */
export function readAuxiliaryType(bytes: Uint8Array, box: IsoBox): string {
  const { contentStart } = readFullBoxHeader(bytes, box);
  return new ByteCursor(bytes, contentStart, box.end, "an 'auxC' box").readString();
}
