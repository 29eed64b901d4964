import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import type { StripResult } from '../../../src/strip/strip-result.js';
import { stripWebp } from '../../../src/strip/webp/strip-webp.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { corpusFilesOfFormat } from '../../helpers/corpus.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { resetPngFixtureDir } from '../../helpers/png-fixtures.js';
import { decodeFrames } from '../../helpers/pixels.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';
import { findChunks, readWebpTags } from './webp-fixtures.js';

/**
 * Corpus files that must be rejected, with the code that states the true reason. The exiv2
 * proof of concept has a chunk type starting with a non-ASCII byte, then runs of zero bytes.
 * The fuzzed file declares a 4544257×11600195 canvas, then a chunk type of four 0xB1 bytes.
 */
const EXPECTED_REJECTIONS: Readonly<Record<string, string>> = {
  'files/Exiv2-exiv2/issue_ghsa_5p8g_9xf3_gfrr_poc.webp': 'E_CORRUPT',
  'files/drewnoakes-metadata-extractor-images/crash-be8afd4d4261d77f4d1ee4188aa7cd09722d1168.fuzzed.webp':
    'E_CORRUPT',
};

/** Corpus files whose EXIF contains a ComfyUI prompt and workflow. */
const AI_PROMPT_FILES = new Set([
  'files/comfyanonymous-ComfyUI_examples/mochi_simple_checkpoint.webp',
  'files/comfyanonymous-ComfyUI_examples/flux_kontext_example_comic.webp',
]);

/** A refusal of a hostile file must be quick; this budget is generous for a slow CI machine. */
const MAX_REJECTION_MS = 1000;

const entries = corpusFilesOfFormat('Extended WEBP', 'WEBP');
const hasExifTool = isExifToolAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function stripOrGetCode(bytes: Uint8Array): StripResult | string {
  try {
    return stripWebp(bytes, DEFAULT_KEEP_POLICY);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
}

/** Returns the EXIF orientation ExifTool reads, when it rotates or mirrors (2-8). */
function getTransformingOrientation(tags: Record<string, unknown>): number | null {
  const orientation = tags['EXIF:IFD0:Orientation'];
  return typeof orientation === 'number' && orientation >= 2 && orientation <= 8
    ? orientation
    : null;
}

describe.skipIf(!hasExifTool || entries.length === 0)('WebP corpus', () => {
  it('has WebP entries', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries.map((entry) => [entry.localPath, entry] as const))(
    'cleans or rejects %s',
    async (localPath, entry) => {
      const input = await readFile(entry.absolutePath);
      const startedAt = performance.now();
      const outcome = stripOrGetCode(input);
      const expectedCode = EXPECTED_REJECTIONS[localPath];
      if (expectedCode !== undefined) {
        expect(outcome).toBe(expectedCode);
        expect(performance.now() - startedAt).toBeLessThan(MAX_REJECTION_MS);
        return;
      }
      if (typeof outcome === 'string') {
        throw new Error(`${localPath} was rejected with ${outcome}`);
      }

      const identifying = listIdentifyingTags(await readWebpTags(outcome.bytes));
      expect(identifying.filter((name) => name !== 'EXIF:IFD0:Orientation')).toEqual([]);

      const before = await decodeFrames(input);
      const after = await decodeFrames(outcome.bytes);
      expect(after.frames, 'frame count').toBe(before.frames);
      expect(after.data.equals(before.data), 'pixels identical').toBe(true);

      const orientation = getTransformingOrientation(await readAllTags(entry.absolutePath));
      if (orientation !== null) {
        expect(outcome.kept).toContain('orientation');
        expect((await readWebpTags(outcome.bytes))['EXIF:IFD0:Orientation']).toBe(orientation);
      }
      const [profile] = findChunks(input, 'ICCP');
      if (profile !== undefined) {
        expect(outcome.kept).toContain('icc-profile');
        expect(findChunks(outcome.bytes, 'ICCP')[0]?.data.equals(profile.data)).toBe(true);
      }
      if (AI_PROMPT_FILES.has(localPath)) {
        expect(outcome.removed).toContain('ai-prompt');
        expect(outcome.removed, 'no camera behind a workflow').not.toContain('camera-model');
      }

      expect(() => {
        verifyClean(input, outcome, DEFAULT_KEEP_POLICY);
      }).not.toThrow();
      expect(stripWebp(outcome.bytes, DEFAULT_KEEP_POLICY).changed, 'second pass').toBe(false);
    },
  );
});
