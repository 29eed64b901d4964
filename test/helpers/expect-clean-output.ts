import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import type { StripResult } from '../../src/strip/strip-result.js';
import { verifyClean } from '../../src/verify/verify-clean.js';
import { isExifToolAvailable, listIdentifyingTags, readAllTags } from './exiftool.js';
import { expectSameImages, type DecodedImage } from './pixels.js';
import { createTempDir } from './temp-dir.js';

/** How the shared checks strip, decode and name the files of one image format. */
export interface FormatUnderTest {
  /** The stripper under test. */
  readonly strip: (bytes: Uint8Array, policy: KeepPolicy) => StripResult;
  /** Decodes every image, page or frame whose pixels must stay the same. */
  readonly decodeImages: (bytes: Uint8Array) => Promise<readonly DecodedImage[]>;
  /** The file name extension ExifTool reads the output under, such as `png`. */
  readonly extension: string;
}

/** Asserts that stripping `result.bytes` again changes nothing and returns the same array. */
export function expectStableSecondPass(
  strip: FormatUnderTest['strip'],
  result: StripResult,
  policy: KeepPolicy,
): void {
  const again = strip(result.bytes, policy);
  expect(again.changed, 'second pass changes nothing').toBe(false);
  expect(again.bytes, 'second pass returns the same array').toBe(result.bytes);
  expect(again.removed, 'second pass removes nothing').toEqual([]);
}

/**
 * Asserts what every cleaned file must satisfy: each image decodes to the same pixels, both
 * fail-closed checks (`verifyClean`) pass, a second pass changes nothing, and ExifTool finds
 * no identifying tag apart from `allowedTags`. Without ExifTool the last check is skipped,
 * which `isExifToolAvailable` reports loudly (and fails under `METACLEAR_CI=1`).
 */
export async function expectCleanOutput(
  format: FormatUnderTest,
  input: Uint8Array,
  result: StripResult,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
  allowedTags: readonly string[] = [],
): Promise<void> {
  const [before, after] = await Promise.all([
    format.decodeImages(input),
    format.decodeImages(result.bytes),
  ]);
  expectSameImages(before, after);

  expect(() => {
    verifyClean(input, result, policy);
  }, 'fail-closed checks').not.toThrow();
  expectStableSecondPass(format.strip, result, policy);

  if (isExifToolAvailable()) {
    const outputPath = path.join(await createTempDir(), `output.${format.extension}`);
    await writeFile(outputPath, result.bytes);
    const identifying = listIdentifyingTags(await readAllTags(outputPath));
    expect(identifying.filter((name) => !allowedTags.includes(name))).toEqual([]);
  }
}
