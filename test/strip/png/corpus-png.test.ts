import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { stripPng } from '../../../src/strip/png/strip-png.js';
import type { StripResult } from '../../../src/strip/strip-result.js';
import { verifyPngStructure } from '../../../src/verify/verify-png-structure.js';
import { verifyWithSecondReader } from '../../../src/verify/verify-with-second-reader.js';
import { corpusFilesOfFormat } from '../../helpers/corpus.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { findChunks } from '../../helpers/png-chunks.js';
import { readTags, resetPngFixtureDir } from '../../helpers/png-fixtures.js';
import { removeTempDirs } from '../../helpers/temp-dir.js';

/** Corpus files that must be rejected, with the code that states the true reason. */
const EXPECTED_REJECTIONS: Readonly<Record<string, string>> = {
  'files/lovell-sharp/truncated.png': 'E_TRUNCATED',
};

const entries = corpusFilesOfFormat('PNG');
const hasExifTool = isExifToolAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function stripOrGetCode(bytes: Uint8Array): StripResult | string {
  try {
    return stripPng(bytes, DEFAULT_KEEP_POLICY);
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

describe.skipIf(!hasExifTool || entries.length === 0)('PNG corpus', () => {
  it('has PNG entries', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries.map((entry) => [entry.localPath, entry] as const))(
    'cleans or rejects %s',
    async (localPath, entry) => {
      const input = await readFile(entry.absolutePath);
      const outcome = stripOrGetCode(input);
      const expectedCode = EXPECTED_REJECTIONS[localPath];
      if (expectedCode !== undefined) {
        expect(outcome).toBe(expectedCode);
        return;
      }
      if (typeof outcome === 'string') {
        throw new Error(`${localPath} was rejected with ${outcome}`);
      }

      const identifying = listIdentifyingTags(await readTags(outcome.bytes));
      expect(identifying, 'identifying tags left').toEqual([]);

      const before = await decodePixels(input);
      const after = await decodePixels(outcome.bytes);
      expect(after.data.equals(before.data), 'pixels identical').toBe(true);

      const orientation = getTransformingOrientation(await readAllTags(entry.absolutePath));
      if (orientation !== null) {
        expect(outcome.kept).toContain('orientation');
        expect((await readTags(outcome.bytes))['EXIF:IFD0:Orientation']).toBe(orientation);
      }

      const [profile] = findChunks(input, 'iCCP');
      if (profile !== undefined) {
        expect(outcome.kept).toContain('icc-profile');
        expect(findChunks(outcome.bytes, 'iCCP')[0]?.data.equals(profile.data)).toBe(true);
      }

      expect(() => {
        verifyPngStructure(input, outcome.bytes, DEFAULT_KEEP_POLICY);
      }).not.toThrow();
      expect(() => {
        verifyWithSecondReader(outcome, DEFAULT_KEEP_POLICY);
      }).not.toThrow();

      const again = stripPng(outcome.bytes, DEFAULT_KEEP_POLICY);
      expect(again.changed, 'second pass changes nothing').toBe(false);
    },
  );
});
