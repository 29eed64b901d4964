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

/** The shared ExifTool process of this test file; close it with {@link closeExifTool}. */
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
];

/** Fields that exiftool-vendored adds to every result (arrays of messages), not tags. */
const VENDORED_FIELDS = new Set(['errors', 'warnings']);

/** EXIF tags our minimal block may hold. */
const KEPT_EXIF_TAGS = new Set(['EXIF:IFD0:Orientation']);

/**
 * Returns the names (never values) of tags that could identify a person, place, time or device:
 * everything outside the neutral groups and the minimal EXIF block.
 */
export function listIdentifyingTags(tags: Record<string, unknown>): string[] {
  return Object.keys(tags).filter(
    (name) =>
      !VENDORED_FIELDS.has(name) &&
      !KEPT_EXIF_TAGS.has(name) &&
      !NEUTRAL_PREFIXES.some((prefix) => name.startsWith(prefix)),
  );
}
