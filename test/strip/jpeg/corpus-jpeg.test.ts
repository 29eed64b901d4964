import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from '../../../src/shared/errors.js';
import { stripJpeg } from '../../../src/strip/jpeg/strip-jpeg.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { verifyJpegStructure } from '../../../src/verify/verify-jpeg-structure.js';
import { corpusFilesOfFormat, type CorpusEntry } from '../../helpers/corpus.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';

/** Corpus files that are broken in a way no cleaner may paper over, with the code they get. */
const BROKEN_FILES: Readonly<Record<string, ErrorCode>> = {
  // Scan data ends in the middle of a progressive scan, with no EOI.
  'files/python-pillow-Pillow/truncated_jpeg.jpg': 'E_TRUNCATED',
  // An undefined marker (0xFF9F) interrupts the scan data.
  'files/ianare-exif-samples/corrupted.jpg': 'E_CORRUPT',
  // Fuzzer output: bytes that are no marker right after the JFIF segment.
  'files/Exiv2-exiv2/issue_1833_poc.jpg': 'E_CORRUPT',
};

const entries = corpusFilesOfFormat('JPEG', 'MPO');
const canRun = entries.length > 0 && isExifToolAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** Returns the code a file must be refused with, or null when it must be cleaned. */
function getExpectedRefusal(entry: CorpusEntry, tags: Record<string, unknown>): ErrorCode | null {
  const broken = BROKEN_FILES[entry.localPath];
  if (broken !== undefined) {
    return broken;
  }
  // ExifTool's MPF group is the index of a multi-picture file (gain map, stereo pair).
  const hasMpf = Object.keys(tags).some((name) => name.startsWith('MPF:'));
  return hasMpf ? 'E_MPF_UNSUPPORTED' : null;
}

function getProfileDescription(tags: Record<string, unknown>): unknown {
  const name = Object.keys(tags).find(
    (key) => key.startsWith('ICC_Profile:') && key.endsWith(':ProfileDescription'),
  );
  return name === undefined ? undefined : tags[name];
}

function getOrientation(tags: Record<string, unknown>): unknown {
  const value = tags['EXIF:IFD0:Orientation'];
  return value === 1 ? undefined : value;
}

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.runIf(canRun)('stripJpeg on the JPEG corpus', () => {
  it.each(entries.map((entry) => [entry.localPath, entry] as const))(
    '%s',
    async (_localPath, entry) => {
      const input = new Uint8Array(await readFile(entry.absolutePath));
      const inputTags = await readAllTags(entry.absolutePath);
      const expectedRefusal = getExpectedRefusal(entry, inputTags);

      if (expectedRefusal !== null) {
        const error = captureError(() => stripJpeg(input, DEFAULT_KEEP_POLICY));
        expect(isAppError(error)).toBe(true);
        expect(isAppError(error) ? error.code : null).toBe(expectedRefusal);
        return;
      }

      const result = stripJpeg(input, DEFAULT_KEEP_POLICY);
      expect(() => {
        verifyJpegStructure(input, result.bytes, DEFAULT_KEEP_POLICY);
      }).not.toThrow();

      const outputPath = path.join(await createTempDir(), path.basename(entry.localPath));
      await writeFile(outputPath, result.bytes);
      const outputTags = await readAllTags(outputPath);
      expect(listIdentifyingTags(outputTags)).toEqual([]);
      expect(outputTags['ExifTool:Error']).toBeUndefined();
      expect(getOrientation(outputTags) === getOrientation(inputTags)).toBe(true);
      expect(getProfileDescription(outputTags) === getProfileDescription(inputTags)).toBe(true);

      const [inputPixels, outputPixels] = await Promise.all([
        decodePixels(input),
        decodePixels(result.bytes),
      ]);
      expect(outputPixels.width).toBe(inputPixels.width);
      expect(outputPixels.height).toBe(inputPixels.height);
      expect(outputPixels.data.equals(inputPixels.data)).toBe(true);

      const again = stripJpeg(result.bytes, DEFAULT_KEEP_POLICY);
      expect(again.changed).toBe(false);
      expect(again.bytes).toBe(result.bytes);
      expect(again.removed).toEqual([]);
    },
  );
});
