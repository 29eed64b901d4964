import { ExifTool } from 'exiftool-vendored';
import { execFileSync } from 'node:child_process';
import { reportMissingDependency } from './ci.js';

let instance: ExifTool | undefined;

/** Returns true when perl runs, which the bundled ExifTool needs on Linux and macOS. */
function hasPerl(): boolean {
  try {
    execFileSync('perl', ['-e', '1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let available: boolean | undefined;

/**
 * Returns true when ExifTool can run. Without perl it warns loudly (throws under
 * `METACLEAR_CI=1`) and returns false.
 */
export function isExifToolAvailable(): boolean {
  if (available === undefined) {
    available = hasPerl();
    if (!available) {
      reportMissingDependency(
        'perl (needed by ExifTool)',
        'Install perl, e.g. `apt-get install perl`.',
      );
    }
  }
  return available;
}

/** Returns the shared ExifTool process of this test file; close it with {@link closeExifTool}. */
export function getExifTool(): ExifTool {
  instance ??= new ExifTool({ maxProcs: 1, taskTimeoutMillis: 60_000 });
  return instance;
}

/** Ends the shared ExifTool process. Call it in `afterAll`. */
export async function closeExifTool(): Promise<void> {
  const current = instance;
  instance = undefined;
  await current?.end();
}

/**
 * Reads every tag ExifTool finds, keyed `Family0:Family1:Tag` (or `Family0:Tag`), values
 * unconverted. Values may hold personal data from the corpus: assert on keys, never print values.
 */
export async function readAllTags(file: string): Promise<Record<string, unknown>> {
  const tags = await getExifTool().readRaw(file, {
    readArgs: ['-G0:1', '-a', '-u', '-s', '-n', '-api', 'LargeFileSupport=1'],
  });
  return tags as unknown as Record<string, unknown>;
}

/** Tag groups that describe the file or the image itself, never the person or the device. */
const NEUTRAL_PREFIXES = [
  'SourceFile',
  'ExifTool:',
  'File:',
  'Composite:',
  'JFIF:',
  'ICC_Profile:',
  'APP14:',
  'PNG:PNG:ImageWidth',
  'PNG:PNG:ImageHeight',
  'PNG:PNG:BitDepth',
  'PNG:PNG:ColorType',
  'PNG:PNG:Compression',
  'PNG:PNG:Filter',
  'PNG:PNG:Interlace',
  'PNG:PNG:Gamma',
  'PNG:PNG:SRGBRendering',
  'PNG:PNG:WhitePoint',
  'PNG:PNG:Red',
  'PNG:PNG:Green',
  'PNG:PNG:Blue',
  'PNG:PNG:ProfileName',
  'PNG:PNG:BackgroundColor',
  'PNG:PNG:Palette',
  'PNG:PNG:Transparency',
  'PNG:PNG:SignificantBits',
  'PNG:PNG:AnimationFrames',
  'PNG:PNG:AnimationPlays',
  // ExifTool 13 collapses family 1 into family 0 for IHDR and the colour chunks.
  'PNG:ImageWidth',
  'PNG:ImageHeight',
  'PNG:BitDepth',
  'PNG:ColorType',
  'PNG:Compression',
  'PNG:Filter',
  'PNG:Interlace',
  'PNG:Gamma',
  'PNG:SRGBRendering',
  'PNG:WhitePoint',
  'PNG:Red',
  'PNG:Green',
  'PNG:Blue',
  'PNG:ProfileName',
  'PNG:BackgroundColor',
  'PNG:Palette',
  'PNG:Transparency',
  'PNG:SignificantBits',
  'PNG:AnimationFrames',
  'PNG:AnimationPlays',
  'PNG-pHYs:',
  'PNG:PNG-pHYs:',
  'PNG:PNG-cICP:',
  'PNG:PNG-mDCV:',
  'PNG:PNG-cLLI:',
  // WebP VP8X, VP8, VP8L, ALPH and ANIM header fields: sizes, flags, codec settings, timing.
  'RIFF:WebP_Flags',
  'RIFF:ImageWidth',
  'RIFF:ImageHeight',
  'RIFF:VP8Version',
  'RIFF:HorizontalScale',
  'RIFF:VerticalScale',
  'RIFF:AlphaIsUsed',
  'RIFF:AlphaPreprocessing',
  'RIFF:AlphaFiltering',
  'RIFF:AlphaCompression',
  'RIFF:BackgroundColor',
  'RIFF:AnimationLoopCount',
  'RIFF:Duration',
  // GIF screen descriptor, colour tables, graphic controls and loop count.
  'GIF:GIFVersion',
  'GIF:ImageWidth',
  'GIF:ImageHeight',
  'GIF:HasColorMap',
  'GIF:ColorResolutionDepth',
  'GIF:BitsPerPixel',
  'GIF:BackgroundColor',
  'GIF:PixelAspectRatio',
  'GIF:TransparentColor',
  'GIF:AnimationIterations',
  'GIF:FrameCount',
  'GIF:Duration',
  // HEIF and AVIF structure (ExifTool's QuickTime group): brands, handler type, primary item,
  // image size, bit depth, rotation and mirroring, clean aperture, pixel aspect ratio,
  // auxiliary image type (alpha, depth, gain map), nclx colour, HEVC and AV1 decoder
  // configuration, the media data's size and offset, and the binary `idat` (grid layout) and
  // `altr` (gain-map alternative group) boxes that ExifTool leaves undecoded.
  'QuickTime:MajorBrand',
  'QuickTime:MinorVersion',
  'QuickTime:CompatibleBrands',
  'QuickTime:HandlerType',
  'QuickTime:Meta:PrimaryItemReference',
  'QuickTime:Meta:MetaImageSize',
  'QuickTime:Meta:Unknown_idat',
  'QuickTime:Unknown_altr',
  'QuickTime:ImageSpatialExtent',
  'QuickTime:ImagePixelDepth',
  'QuickTime:Rotation',
  'QuickTime:Mirroring',
  'QuickTime:CleanAperture',
  'QuickTime:PixelAspectRatio',
  'QuickTime:AuxiliaryImageType',
  'QuickTime:ColorProfiles',
  'QuickTime:ColorPrimaries',
  'QuickTime:TransferCharacteristics',
  'QuickTime:MatrixCoefficients',
  'QuickTime:VideoFullRangeFlag',
  'QuickTime:HEVCConfigurationVersion',
  'QuickTime:GeneralProfileSpace',
  'QuickTime:GeneralTierFlag',
  'QuickTime:GeneralProfileIDC',
  'QuickTime:GenProfileCompatibilityFlags',
  'QuickTime:ConstraintIndicatorFlags',
  'QuickTime:GeneralLevelIDC',
  'QuickTime:MinSpatialSegmentationIDC',
  'QuickTime:ParallelismType',
  'QuickTime:ChromaFormat',
  'QuickTime:BitDepthLuma',
  'QuickTime:BitDepthChroma',
  'QuickTime:AverageFrameRate',
  'QuickTime:ConstantFrameRate',
  'QuickTime:NumTemporalLayers',
  'QuickTime:TemporalIDNested',
  'QuickTime:AV1ConfigurationVersion',
  'QuickTime:SeqProfile',
  'QuickTime:SeqLevelIdx0',
  'QuickTime:SeqTier0',
  'QuickTime:HighBitDepth',
  'QuickTime:TwelveBit',
  'QuickTime:ChromaSamplePosition',
  'QuickTime:InitialDelaySamples',
  'QuickTime:MediaDataSize',
  'QuickTime:MediaDataOffset',
  'QuickTime:MediaData',
  // The version and headroom of an Apple HDR gain map, the only XMP a cleaned HEIC may keep.
  'XMP:XMP-HDRGainMap:HDRGainMapVersion',
  'XMP:XMP-HDRGainMap:HDRGainMapHeadroom',
  // Ultra HDR gain map values and the GContainer directory of Primary and GainMap, the only
  // XMP a cleaned Ultra HDR JPEG keeps, the URN of its ISO 21496-1 segments, and Apple's HDR
  // MakerNote values beside a gain map.
  'XMP:XMP-hdrgm:',
  'XMP:XMP-GContainer:DirectoryItemSemantic',
  'XMP:XMP-GContainer:DirectoryItemMime',
  'XMP:XMP-GContainer:DirectoryItemLength',
  'JPEG:APP2:UniformResourceName',
  'MakerNotes:Apple:HDRHeadroom',
  'MakerNotes:Apple:HDRGain',
  // The MPF index of a multi-picture JPEG: version, image count and each image's entry. Each
  // further image ExifTool names MPImage<n> is checked on its own by the tests.
  'MPF:MPF0:MPFVersion',
  // ExifTool also lists the kept gain map image as a trailer item of the GContainer directory.
  'Trailer:Google:GainMapImage',
  'MPF:MPF0:NumberOfImages',
];

/** The fields of one MP entry, and the image it points to, as ExifTool names them. */
const MPF_ENTRY_TAG =
  /^MPF:MPImage\d+:(MPImageFlags|MPImageFormat|MPImageType|MPImageLength|MPImageStart|DependentImage[12]EntryNumber|MPImage\d+)$/;

/** Free text that ExifTool files under a neutral group: JPEG COM and GIF comments. */
const TEXT_IN_NEUTRAL_GROUPS = new Set(['File:Comment']);

function isNeutralName(name: string): boolean {
  return (
    !TEXT_IN_NEUTRAL_GROUPS.has(name) && NEUTRAL_PREFIXES.some((prefix) => name.startsWith(prefix))
  );
}

/** Fields that exiftool-vendored adds to every result (arrays of messages), not tags. */
const VENDORED_FIELDS = new Set(['errors', 'warnings']);

/** EXIF tags our minimal block may hold. */
const KEPT_EXIF_TAGS = new Set(['EXIF:IFD0:Orientation']);

/**
 * Tags of a TIFF page (ExifTool's `EXIF:IFD<n>` for page n + 1) that describe the pixels and
 * hold numbers or tables, never text. ExifTool 13 names the strip of a JPEG-compressed page
 * `PreviewImageStart`, `PreviewImageLength` and `PreviewImage`. These count as neutral only
 * in a file whose type is TIFF: in a JPEG's EXIF block they would be a second image.
 */
const TIFF_PAGE_TAG = new RegExp(
  '^EXIF:IFD\\d+:(' +
    [
      'SubfileType|OldSubfileType|ImageWidth|ImageHeight|BitsPerSample|Compression',
      'PhotometricInterpretation|FillOrder|SamplesPerPixel|PlanarConfiguration|Predictor',
      'ExtraSamples|SampleFormat|InkSet|NumberOfInks|StripOffsets|RowsPerStrip',
      'StripByteCounts|TileWidth|TileLength|TileOffsets|TileByteCounts|XResolution',
      'YResolution|ResolutionUnit|PageNumber|TransferFunction|WhitePoint',
      'PrimaryChromaticities|ColorMap|YCbCrCoefficients|YCbCrSubSampling|YCbCrPositioning',
      'ReferenceBlackWhite|T4Options|T6Options|JPEGTables|Orientation',
      'PreviewImageStart|PreviewImageLength|PreviewImage',
    ].join('|') +
    ')$',
);

/** File facts ExifTool adds for a TIFF: the page count. */
const TIFF_FILE_TAGS = new Set(['File:PageCount']);

/**
 * Returns the names (never values) of tags that could identify a person, place, time or device:
 * everything outside the neutral groups and the minimal EXIF block. In a TIFF the structure
 * tags of every page, and Orientation, are neutral too.
 */
export function listIdentifyingTags(tags: Record<string, unknown>): string[] {
  const isTiff = tags['File:FileType'] === 'TIFF';
  return Object.keys(tags).filter(
    (name) =>
      !VENDORED_FIELDS.has(name) &&
      !KEPT_EXIF_TAGS.has(name) &&
      !isNeutralName(name) &&
      !MPF_ENTRY_TAG.test(name) &&
      !(isTiff && (TIFF_PAGE_TAG.test(name) || TIFF_FILE_TAGS.has(name))),
  );
}
