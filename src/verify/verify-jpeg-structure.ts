import { AppError } from '../shared/errors.js';
import { buildAdobeRgbProfile } from '../strip/exif/build-adobe-rgb-profile.js';
import { createIccSegments } from '../strip/jpeg/create-icc-segments.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import {
  collectJpegInputParts,
  collectJpegOutputParts,
  type JpegParts,
} from './collect-jpeg-parts.js';

/**
 * Checks a cleaned JPEG against an allowlist, independently of how the stripper decided.
 *
 * The output may contain only these segments:
 * - SOI, and EOI as the last two bytes;
 * - at most one JFIF APP0 of 16 bytes with a 0×0 thumbnail;
 * - at most one EXIF APP1, before the first scan, which must be our minimal block with tags the
 *   policy keeps, and whose orientation is the one readers apply to the input;
 * - ICC APP2 chunks before the first scan that form one valid profile, when the policy keeps
 *   colour, and JUMBF APP11 when it keeps content credentials;
 * - Adobe APP14 segments before the first scan with exactly their 12-byte payload;
 * - image-defining segments whose payloads have their marker's layout, with their scan data,
 *   and a DNL only right after the first scan of a frame of 0 lines.
 *
 * ICC, APP14, JUMBF and all image-defining bytes (SOF, DHT, DAC, DQT, DNL, DRI, SOS and scan
 * data) must equal the parts of the input that readers use, byte for byte and in order. Those
 * are the ICC chunks before the first scan when they form a valid profile, the APP14 segments
 * before the first scan cut to 12 bytes, and DNL only where it is allowed. The one exception is
 * an input that marks Adobe RGB only in EXIF: its output may carry our Adobe RGB profile.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`, naming the offending segment, never a metadata value.
 */
export function verifyJpegStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const inputParts = collectJpegInputParts(input);
  const outputParts = collectJpegOutputParts(output, policy);

  checkSameParts(
    inputParts.image,
    outputParts.image,
    'image data (SOF, DQT, DHT, DRI, SOS, scans)',
  );
  checkSameParts(inputParts.adobe, outputParts.adobe, 'Adobe APP14');
  if (policy.colorProfile !== false) {
    checkSameParts(getExpectedIcc(inputParts), outputParts.icc, 'ICC profile APP2 chunks');
  }
  if (outputParts.jumbf.length > 0) {
    checkSameParts(inputParts.jumbf, outputParts.jumbf, 'JUMBF APP11');
  }
  checkOrientation(inputParts.orientation, outputParts.orientation, policy);
}

/**
 * Returns the ICC chunks the output must carry: the input's, or, for an input that marks
 * Adobe RGB only in EXIF, the stripper's Adobe RGB compatible profile.
 */
function getExpectedIcc(inputParts: JpegParts): readonly Uint8Array[] {
  if (inputParts.icc.length === 0 && inputParts.isAdobeRgb) {
    return createIccSegments(buildAdobeRgbProfile());
  }
  return inputParts.icc;
}

/**
 * Checks that the output carries the orientation readers apply to the input when the policy
 * keeps it, and none otherwise. Orientation 1 changes nothing and is never written.
 */
function checkOrientation(
  inputOrientation: number | null,
  outputOrientation: number | null,
  policy: KeepPolicy,
): void {
  const isKept = policy.orientation !== false && inputOrientation !== null;
  const expected = isKept && inputOrientation !== 1 ? inputOrientation : null;
  if (outputOrientation !== expected) {
    throw createError('the EXIF orientation differs from the one readers apply to the input');
  }
}

function checkSameParts(
  expected: readonly Uint8Array[],
  actual: readonly Uint8Array[],
  description: string,
): void {
  if (expected.length !== actual.length) {
    throw createError(
      `${description}: the output has ${actual.length} parts, the input ${expected.length}`,
    );
  }
  expected.forEach((part, index) => {
    const other = actual[index];
    if (other === undefined || !isSameBytes(part, other)) {
      throw createError(`${description}: part ${index + 1} differs from the input`);
    }
  });
}

/** Compares two byte ranges without copying them. */
function isSameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(right);
}

function createError(problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `Cleaned JPEG failed the structure check: ${problem}`);
}
