import type { KeepPolicy } from '../strip/keep-policy.js';
import type { ImageFormat } from '../strip/strip-result.js';
import { getTiffSecondReaderTags } from './tiff-second-reader-tags.js';

/**
 * Tags that ExifReader 4.46 reports for a clean file, found by loading sharp `create` output
 * with `{ expanded: true, includeUnknown: true }`. JPEG gives the `file` group (from SOF) and
 * `jfif`. PNG gives `pngFile` (IHDR), `png` (IHDR again plus pHYs) and `file` (FileType).
 * WebP and GIF give `file` (FileType) and `riff` or `gif`, read only from fixed header fields,
 * so no file can put its own names or text in those groups.
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
  // The WebP VP8X header: two flag bits and the canvas size. Simple WebP files give only `file`.
  riff: ['Alpha', 'Animation', 'ImageWidth', 'ImageHeight'],
  // The GIF header and logical screen descriptor: version, screen size and colour-table bits.
  gif: [
    'GIF Version',
    'Image Width',
    'Image Height',
    'Global Color Map',
    'Bits Per Pixel',
    'Color Resolution Depth',
  ],
} as const;

/**
 * hdrgm (Ultra HDR, ISO 21496-1), GContainer and Apple HDRGainMap properties, by the local
 * name ExifReader uses. The structure check has already proven each packet that carries them
 * to be one we rebuilt from numbers alone.
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
 * distinguishes IHDR and pHYs from a text chunk whose keyword copies their names. For a
 * `format` of `'tiff'`, the `exif` and `Thumbnail` groups hold the TIFF page tags instead.
 */
export function getSecondReaderAllowlist(
  policy: KeepPolicy,
  format?: ImageFormat,
): SecondReaderAllowlist {
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
  if ((format === 'heif' || format === 'jpeg') && policy.hdrGainMap) {
    // ExifReader reports the `rdf:about` of an Apple gain map's XMP as `about`. The structure
    // check has already proven that packet to be our rebuilt one, whose about is "".
    xmp.push('about');
  }

  const groups = new Map<string, ReadonlySet<string>>(
    Object.entries(STRUCTURE_TAGS).map(([group, names]) => [group, new Set<string>(names)]),
  );
  groups.set('exif', new Set(exif));
  groups.set('xmp', new Set(xmp));
  if (format === 'tiff') {
    // A TIFF's pages are its EXIF IFDs: page 1 goes to `exif`, page 2 to `Thumbnail`.
    groups.set('exif', getTiffSecondReaderTags(policy));
    groups.set('Thumbnail', getTiffSecondReaderTags(policy));
  }
  return groups;
}
