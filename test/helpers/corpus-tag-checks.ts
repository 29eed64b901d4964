import { expect } from 'vitest';
import type { CleanedCorpusFile } from './describe-corpus-format.js';

/** Returns the EXIF orientation, or undefined for none and for 1 (the identity). */
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

/**
 * Asserts that ExifTool reads the same EXIF orientation (1 counts as none) and the same ICC
 * profile description in the output as in the corpus file. The asserts compare with `===` so
 * that a failure never prints a value.
 */
export function expectOrientationAndProfileKept(file: CleanedCorpusFile): void {
  const isOrientationKept = getOrientation(file.outputTags) === getOrientation(file.inputTags);
  expect(isOrientationKept, 'orientation kept').toBe(true);
  const isProfileKept =
    getProfileDescription(file.outputTags) === getProfileDescription(file.inputTags);
  expect(isProfileKept, 'ICC profile description kept').toBe(true);
}

/**
 * Asserts that an EXIF orientation that rotates or mirrors (2-8) in the corpus file is
 * reported as kept and read by ExifTool in the output with the same value.
 */
export function expectTransformingOrientationKept(file: CleanedCorpusFile): void {
  const orientation = file.inputTags['EXIF:IFD0:Orientation'];
  const isTransforming = typeof orientation === 'number' && orientation >= 2 && orientation <= 8;
  if (!isTransforming) {
    return;
  }
  expect(file.result.kept).toContain('orientation');
  expect(file.outputTags['EXIF:IFD0:Orientation']).toBe(orientation);
}
