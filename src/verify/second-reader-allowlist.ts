import type { KeepPolicy } from '../strip/keep-policy.js';

/**
 * Tags that ExifReader 4.46 reports for a clean file, found by loading sharp `create` output
 * with `{ expanded: true, includeUnknown: true }`. JPEG gives the `file` group (from SOF) and
 * `jfif`. PNG gives `pngFile` (IHDR), `png` (IHDR again plus pHYs) and `file` (FileType).
 */
const STRUCTURE_TAGS = {
  file: [
    'FileType',
    'Bits Per Sample',
    'Image Height',
    'Image Width',
    'Color Components',
    'Subsampling',
  ],
  jfif: [
    'JFIF Version',
    'Resolution Unit',
    'XResolution',
    'YResolution',
    'JFIF Thumbnail Width',
    'JFIF Thumbnail Height',
  ],
  pngFile: [
    'Image Width',
    'Image Height',
    'Bit Depth',
    'Color Type',
    'Compression',
    'Filter',
    'Interlace',
  ],
  png: [
    'Image Width',
    'Image Height',
    'Bit Depth',
    'Color Type',
    'Compression',
    'Filter',
    'Interlace',
    'Pixels Per Unit X',
    'Pixels Per Unit Y',
    'Pixel Units',
  ],
  // The MPF index of MPO stereo pairs and gain-map JPEGs. ImageUIDList is left out because it
  // contains per-image identifiers.
  mpf: ['MPFVersion', 'NumberOfImages', 'MPEntry', 'Images'],
} as const;

/**
 * hdrgm (Ultra HDR, ISO 21496-1), GContainer and Apple HDRGainMap properties, by the local
 * name ExifReader uses.
 *
 * NOTE: no stripper keeps gain maps yet, so no cleaned file has exercised these names.
 */
const GAIN_MAP_XMP_TAGS = [
  'Version',
  'GainMapMin',
  'GainMapMax',
  'Gamma',
  'OffsetSDR',
  'OffsetHDR',
  'HDRCapacityMin',
  'HDRCapacityMax',
  'BaseRenditionIsHDR',
  'Directory',
  'HDRGainMapVersion',
  'HDRGainMapHeadroom',
];

/** Tag names per ExifReader group that a file cleaned under a policy may still hold. */
export type SecondReaderAllowlist = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Builds the tags the second reader accepts under `policy`: image structure always, and the
 * ICC profile, minimal EXIF fields, gain-map XMP and content-credential disclosure only when
 * the policy keeps them. In `png` and `pngFile` a tag must also have a numeric value, which
 * distinguishes IHDR and pHYs from a text chunk whose keyword copies their names.
 */
export function getSecondReaderAllowlist(policy: KeepPolicy): SecondReaderAllowlist {
  const exif: string[] = [];
  const xmp: string[] = [];
  if (policy.orientation === true) {
    exif.push('Orientation');
  }
  if (policy.captureDate) {
    exif.push('Exif IFD Pointer', 'DateTimeOriginal', 'OffsetTimeOriginal');
  }
  if (policy.copyright) {
    exif.push('Copyright');
  }
  if (policy.hdrGainMap) {
    // The Apple MakerNote reduced to HDRHeadroom and HDRGain sits in the Exif IFD. ExifReader
    // reports it as one opaque tag, so only the structure check can vouch for its contents.
    exif.push('Exif IFD Pointer', 'MakerNote');
    xmp.push(...GAIN_MAP_XMP_TAGS);
  }
  if (policy.contentCredentials) {
    xmp.push('DigitalSourceType');
  }

  const groups = new Map<string, ReadonlySet<string>>(
    Object.entries(STRUCTURE_TAGS).map(([group, names]) => [group, new Set<string>(names)]),
  );
  groups.set('exif', new Set(exif));
  groups.set('xmp', new Set(xmp));
  return groups;
}
