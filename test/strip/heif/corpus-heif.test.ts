import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { mapItemProperties } from '../../../src/strip/heif/map-item-properties.js';
import { readHeifFile } from '../../../src/strip/heif/read-heif-file.js';
import type { ErrorCode } from '../../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../../src/strip/keep-policy.js';
import { stripImage } from '../../../src/strip/strip-image.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import {
  describeCorpusFormat,
  type CleanedCorpusFile,
} from '../../helpers/describe-corpus-format.js';
import { readAllTags } from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { createTempDir } from '../../helpers/temp-dir.js';
import { areHeifToolsAvailable, decodeWithLibheif } from './heif-fixtures.js';

/** Corpus files that must be rejected, with the code that states the true reason. */
const EXPECTED_REJECTIONS = {
  // A fuzzed file whose `infe` box claims 2 GiB inside a 76-byte `iinf`.
  'files/drewnoakes-metadata-extractor-images/NegativeArraySizeException.ItemInfoBox.init.heif':
    'E_CORRUPT',
} as const satisfies Readonly<Record<string, ErrorCode>>;

/**
 * Inputs that libheif 1.15 (Debian 12's heif-convert) cannot decode, with its reason. Their
 * pixels are compared through the image item bytes that the structure check proves equal, and
 * the test asserts that the input still fails to decode, so a newer libheif shows up here.
 */
const INPUTS_LIBHEIF_REJECTS: Readonly<Record<string, string>> = {
  'files/laurenspriem-test-fixtures/IMG_8606_rotate_90_cw_contains_text.HEIC':
    'an auxiliary image refers to two master images ("Too many auxiliary image references")',
};

/** An iPhone HEIC with an Apple gain map and an Apple MakerNote. */
const APPLE_GAIN_MAP_HEIC = 'files/ianare-exif-samples/iphone_13_pro_max.HEIC';
const hasHeifTools = await areHeifToolsAvailable();

/** Returns the `irot` and `imir` boxes of the primary image, as bytes. */
function listOrientationProperties(bytes: Uint8Array): Buffer[] {
  const file = readHeifFile(bytes);
  const properties = mapItemProperties(file.meta).get(file.meta.primaryItemId) ?? [];
  return properties
    .filter((property) => property.box.type === 'irot' || property.box.type === 'imir')
    .map((property) => Buffer.from(bytes.subarray(property.box.start, property.box.end)));
}

/** Returns true for an `imir`, or an `irot` whose angle is not 0. */
function isTransformingProperty(property: Buffer): boolean {
  const type = property.subarray(4, 8).toString('latin1');
  return type === 'imir' || ((property[8] ?? 0) & 0b11) !== 0;
}

/** Decodes an AVIF with sharp (raw pixels, alpha included) and a HEIC with heif-convert. */
async function decodeAll(bytes: Uint8Array, isAvif: boolean): Promise<Buffer[]> {
  return isAvif ? [(await decodePixels(bytes)).data] : decodeWithLibheif(bytes);
}

/**
 * Asserts that the `irot` and `imir` properties stay, that an EXIF orientation stays where no
 * property rotates the image, and that `kept` reports the orientation exactly when one applies.
 */
function expectOrientationKept({ input, result, inputTags, outputTags }: CleanedCorpusFile): void {
  const rotation = listOrientationProperties(input);
  expect(listOrientationProperties(result.bytes)).toEqual(rotation);
  const exifOrientation = inputTags['EXIF:IFD0:Orientation'];
  const isExifTransforming = typeof exifOrientation === 'number' && exifOrientation > 1;
  if (rotation.length === 0 && isExifTransforming) {
    expect(outputTags['EXIF:IFD0:Orientation']).toBe(exifOrientation);
  }
  const isRotated = rotation.some(isTransformingProperty);
  const isOriented = isRotated || (rotation.length === 0 && isExifTransforming);
  expect(result.kept.includes('orientation')).toBe(isOriented);
}

function isExpectedRejection(localPath: string): boolean {
  return Object.hasOwn(EXPECTED_REJECTIONS, localPath);
}

describeCorpusFormat({
  label: 'HEIC, HEIF and AVIF',
  formats: ['HEIC', 'HEIF', 'AVIF'],
  strip: stripImage,
  expectedRejections: EXPECTED_REJECTIONS,
  // Pixels are compared by the test below, because HEIC needs heif-convert to decode.
  extraChecks: expectOrientationKept,
  extraTests: (entries) => {
    // AVIF decodes with sharp everywhere; HEIC needs heif-convert, which warns when missing.
    it.each(
      entries
        .filter((entry) => !isExpectedRejection(entry.localPath))
        .filter((entry) => hasHeifTools || entry.format === 'AVIF')
        .map((entry) => [entry.localPath, entry] as const),
    )('decodes %s to the same pixels', async (localPath, entry) => {
      const input = await readFile(entry.absolutePath);
      const output = stripImage(input, DEFAULT_KEEP_POLICY).bytes;
      const isAvif = entry.format === 'AVIF';
      const after = await decodeAll(output, isAvif);
      expect(after.length).toBeGreaterThan(0);
      if (INPUTS_LIBHEIF_REJECTS[localPath] !== undefined) {
        await expect(decodeAll(input, isAvif)).rejects.toThrow();
        return;
      }

      const before = await decodeAll(input, isAvif);
      expect(after.length).toBe(before.length);
      after.forEach((decoded, index) => {
        expect(decoded.equals(before[index] ?? Buffer.alloc(0)), 'pixels identical').toBe(true);
      });
    });

    it.runIf(entries.some((entry) => entry.localPath === APPLE_GAIN_MAP_HEIC))(
      "keeps only Apple's HDR values of the MakerNote beside the gain map",
      async () => {
        const input = await readFile(path.join(CORPUS_DIR, APPLE_GAIN_MAP_HEIC));
        const dir = await createTempDir();
        const makerNoteTags = async (policy: KeepPolicy): Promise<string[]> => {
          const result = stripImage(input, policy);
          verifyClean(input, result, policy);
          const file = path.join(dir, `${String(policy.hdrGainMap)}.heic`);
          await writeFile(file, result.bytes);
          return Object.keys(await readAllTags(file)).filter((name) =>
            name.startsWith('MakerNotes:'),
          );
        };

        expect(await makerNoteTags(DEFAULT_KEEP_POLICY)).toEqual([
          'MakerNotes:Apple:HDRHeadroom',
          'MakerNotes:Apple:HDRGain',
        ]);
        expect(await makerNoteTags({ ...DEFAULT_KEEP_POLICY, hdrGainMap: false })).toEqual([]);
      },
    );
  },
});
