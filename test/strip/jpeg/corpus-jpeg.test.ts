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
import { sliceMpfImages } from './mpf-fixtures.js';
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

/**
 * The input images each multi-picture corpus file keeps, by index in its MPF index: the
 * primary and an Ultra HDR gain map, both views of a stereo pair. ExifTool.jpg's index
 * declares only a preview, which goes.
 */
const KEPT_MPF_IMAGES: Readonly<Record<string, readonly number[]>> = {
  'files/lovell-sharp/gain-map.jpg': [0, 1],
  'files/python-pillow-Pillow/sugarshack.mpo': [0, 1],
};

const entries = corpusFilesOfFormat('JPEG', 'MPO');
const canRun = entries.length > 0 && isExifToolAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** Returns the code a file must be refused with, or null when it must be cleaned. */
function getExpectedRefusal(entry: CorpusEntry): ErrorCode | null {
  const broken = BROKEN_FILES[entry.localPath];
  if (broken !== undefined) {
    return broken;
  }
  return null;
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
      const expectedRefusal = getExpectedRefusal(entry);

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

      // Each image of a multi-picture file, sliced at its MPF offsets, decodes as before.
      const inputImages = sliceMpfImages(input);
      const outputImages = sliceMpfImages(result.bytes);
      const keptImages = KEPT_MPF_IMAGES[entry.localPath] ?? [0];
      expect(outputImages).toHaveLength(keptImages.length);
      for (const [index, inputIndex] of keptImages.entries()) {
        const [inputPixels, outputPixels] = await Promise.all([
          decodePixels(inputImages[inputIndex] ?? input),
          decodePixels(outputImages[index] ?? result.bytes),
        ]);
        expect(outputPixels.width).toBe(inputPixels.width);
        expect(outputPixels.height).toBe(inputPixels.height);
        expect(outputPixels.data.equals(inputPixels.data)).toBe(true);
        if (index > 0) {
          const imagePath = `${outputPath}.image-${index}.jpg`;
          await writeFile(imagePath, outputImages[index] ?? new Uint8Array(0));
          expect(listIdentifyingTags(await readAllTags(imagePath))).toEqual([]);
        }
      }

      const again = stripJpeg(result.bytes, DEFAULT_KEEP_POLICY);
      expect(again.changed).toBe(false);
      expect(again.bytes).toBe(result.bytes);
      expect(again.removed).toEqual([]);
    },
  );
});
