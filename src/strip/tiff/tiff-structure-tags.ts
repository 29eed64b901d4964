import { TIFF_TAG } from './tiff-tags.js';

/**
 * Tags that a cleaned TIFF page keeps whatever the policy: what a reader needs to decode and
 * display the pixels. They hold numbers and tables, never text, so they cannot name a person,
 * place, device or time. Orientation, the ICC profile, Copyright and the capture date are kept
 * only when the keep policy keeps them.
 *
 * Beyond the baseline image tags, these are kept for the reasons given:
 * - NewSubfileType and SubfileType mark reduced-resolution pages and transparency masks, which
 *   would otherwise display as ordinary pages.
 * - PageNumber is the page index and count that multi-page writers such as libvips add.
 * - InkSet and NumberOfInks define the channels of a separated (CMYK or multi-ink) image.
 * - TransferFunction, WhitePoint and PrimaryChromaticities describe colour, like PNG `cHRM`.
 */
export const TIFF_STRUCTURE_TAGS: ReadonlySet<number> = new Set<number>([
  TIFF_TAG.newSubfileType,
  TIFF_TAG.subfileType,
  TIFF_TAG.imageWidth,
  TIFF_TAG.imageLength,
  TIFF_TAG.bitsPerSample,
  TIFF_TAG.compression,
  TIFF_TAG.photometricInterpretation,
  TIFF_TAG.fillOrder,
  TIFF_TAG.stripOffsets,
  TIFF_TAG.samplesPerPixel,
  TIFF_TAG.rowsPerStrip,
  TIFF_TAG.stripByteCounts,
  TIFF_TAG.xResolution,
  TIFF_TAG.yResolution,
  TIFF_TAG.planarConfiguration,
  TIFF_TAG.t4Options,
  TIFF_TAG.t6Options,
  TIFF_TAG.resolutionUnit,
  TIFF_TAG.pageNumber,
  TIFF_TAG.transferFunction,
  TIFF_TAG.predictor,
  TIFF_TAG.whitePoint,
  TIFF_TAG.primaryChromaticities,
  TIFF_TAG.colorMap,
  TIFF_TAG.tileWidth,
  TIFF_TAG.tileLength,
  TIFF_TAG.tileOffsets,
  TIFF_TAG.tileByteCounts,
  TIFF_TAG.inkSet,
  TIFF_TAG.numberOfInks,
  TIFF_TAG.extraSamples,
  TIFF_TAG.sampleFormat,
  TIFF_TAG.jpegTables,
  TIFF_TAG.yCbCrCoefficients,
  TIFF_TAG.yCbCrSubSampling,
  TIFF_TAG.yCbCrPositioning,
  TIFF_TAG.referenceBlackWhite,
]);
