import type { KeepPolicy } from '../strip/keep-policy.js';

/**
 * The names ExifReader 4.46 gives the tags that a cleaned TIFF page keeps whatever the policy.
 * They were found by loading sharp `.tiff()` output (none, LZW, deflate, JPEG, tiled,
 * multi-page) and cleaned corpus TIFFs with `{ expanded: true, includeUnknown: true }`, and the
 * rest by reading ExifReader's IFD0 name table (`src/tag-names-0th-ifd.js`). Each is safe
 * because its value is numbers or tables that describe the pixels, never text about a person,
 * place, device or time.
 */
const TIFF_STRUCTURE_NAMES = [
  // NewSubfileType and SubfileType: page kind flags.
  'SubfileType',
  'OldSubfileType',
  // Size, sample layout and compression.
  'ImageWidth',
  'ImageLength',
  'BitsPerSample',
  'Compression',
  'PhotometricInterpretation',
  'FillOrder',
  'SamplesPerPixel',
  'PlanarConfiguration',
  'Predictor',
  'ExtraSamples',
  'SampleFormat',
  'InkSet',
  // Where the strips and tiles are, and their sizes.
  'StripOffsets',
  'RowsPerStrip',
  'StripByteCounts',
  'TileWidth',
  'TileLength',
  // Pixel density, and the page index and count of a multi-page file.
  'XResolution',
  'YResolution',
  'ResolutionUnit',
  'PageNumber',
  // Colour: numeric tables and coefficients.
  'TransferFunction',
  'WhitePoint',
  'PrimaryChromaticities',
  'YCbCrCoefficients',
  'YCbCrSubSampling',
  'YCbCrPositioning',
  'ReferenceBlackWhite',
  // ExifReader has no names for these, so it calls them `undefined-<tag number>`, which ties
  // each name to one tag: T4Options, T6Options, ColorMap, TileOffsets, TileByteCounts,
  // NumberOfInks and JPEGTables.
  'undefined-292',
  'undefined-293',
  'undefined-320',
  'undefined-324',
  'undefined-325',
  'undefined-334',
  'undefined-347',
];

/**
 * Returns the tag names ExifReader may report for a page of a TIFF cleaned under `policy`.
 * ExifReader reads a TIFF's first page into its `exif` group and the second into `Thumbnail`,
 * and both get this list. It has no MakerNote: a cleaned TIFF keeps no HDR gain map data.
 */
export function getTiffSecondReaderTags(policy: KeepPolicy): ReadonlySet<string> {
  const names = new Set(TIFF_STRUCTURE_NAMES);
  if (policy.orientation === true) {
    names.add('Orientation');
  }
  if (policy.colorProfile === true) {
    names.add('ICC_Profile'); // the profile itself is read into the `icc` group
  }
  if (policy.copyright) {
    names.add('Copyright');
  }
  if (policy.captureDate) {
    for (const name of ['Exif IFD Pointer', 'DateTimeOriginal', 'OffsetTimeOriginal']) {
      names.add(name);
    }
  }
  return names;
}
