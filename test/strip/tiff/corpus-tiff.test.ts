import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { stripImage } from '../../../src/strip/strip-image.js';
import { verifyClean } from '../../../src/verify/verify-clean.js';
import { corpusFilesOfFormat } from '../../helpers/corpus.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { decodeTiffPages } from './tiff-fixtures.js';

const tiffs = corpusFilesOfFormat('TIFF');
const dngs = corpusFilesOfFormat('DNG');
const canRun = tiffs.length + dngs.length > 0 && isExifToolAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

function getOrientation(tags: Record<string, unknown>): unknown {
  const value = tags['EXIF:IFD0:Orientation'];
  return value === 1 ? undefined : value;
}

function getProfileDescription(tags: Record<string, unknown>): unknown {
  const name = Object.keys(tags).find(
    (key) => key.startsWith('ICC_Profile:') && key.endsWith(':ProfileDescription'),
  );
  return name === undefined ? undefined : tags[name];
}

describe.runIf(canRun)('TIFF corpus', () => {
  it.each(tiffs.map((entry) => [entry.localPath, entry] as const))(
    'cleans %s losslessly',
    async (_localPath, entry) => {
      const input = new Uint8Array(await readFile(entry.absolutePath));
      const inputTags = await readAllTags(entry.absolutePath);

      const result = stripImage(input, DEFAULT_KEEP_POLICY);

      expect(result.format).toBe('tiff');
      expect(result.changed).toBe(true);
      expect(result.removed).not.toEqual([]);
      expect(() => {
        verifyClean(input, result, DEFAULT_KEEP_POLICY);
      }).not.toThrow();

      const outputPath = path.join(await createTempDir(), path.basename(entry.localPath));
      await writeFile(outputPath, result.bytes);
      const outputTags = await readAllTags(outputPath);
      expect(listIdentifyingTags(outputTags)).toEqual([]);
      expect(outputTags['ExifTool:Error']).toBeUndefined();
      expect(getOrientation(outputTags) === getOrientation(inputTags)).toBe(true);
      expect(getProfileDescription(outputTags) === getProfileDescription(inputTags)).toBe(true);

      const [inputPages, outputPages] = await Promise.all([
        decodeTiffPages(input),
        decodeTiffPages(result.bytes),
      ]);
      expect(outputPages).toHaveLength(inputPages.length);
      outputPages.forEach((page, index) => {
        expect(page.width).toBe(inputPages[index]?.width);
        expect(page.height).toBe(inputPages[index]?.height);
        expect(page.data.equals(inputPages[index]?.data ?? Buffer.alloc(0))).toBe(true);
      });

      const again = stripImage(result.bytes, DEFAULT_KEEP_POLICY);
      expect(again.changed).toBe(false);
      expect(again.bytes).toBe(result.bytes);
    },
  );

  it.each(dngs.map((entry) => [entry.localPath, entry] as const))(
    'rejects the DNG %s as unsupported',
    async (_localPath, entry) => {
      const input = await readFile(entry.absolutePath);
      let error: unknown;
      try {
        stripImage(input, DEFAULT_KEEP_POLICY);
      } catch (caught) {
        error = caught;
      }
      expect(isAppError(error) ? error.code : error).toBe('E_UNSUPPORTED_FORMAT');
      expect(isAppError(error) ? error.message : '').toContain('DNG');
    },
  );
});
