import { AppError, isAppError } from '../shared/errors.js';
import { getMarkerName, isImageDefiningMarker, JPEG_MARKER } from '../strip/jpeg/jpeg-markers.js';
import {
  readJpegSegments,
  type JpegSegment,
  type JpegStructure,
} from '../strip/jpeg/read-jpeg-segments.js';
import { buildAdobeRgbProfile } from '../strip/exif/build-adobe-rgb-profile.js';
import { inspectExif } from '../strip/exif/inspect-exif.js';
import { createIccSegments } from '../strip/jpeg/create-icc-segments.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { verifyMinimalExif } from './verify-minimal-exif.js';

/** The parts of a JPEG that the structure check compares between input and output. */
interface ComparedParts {
  /** Every image-defining segment, and each scan's data after its SOS, in order. */
  readonly image: Uint8Array[];
  readonly icc: Uint8Array[];
  readonly adobe: Uint8Array[];
  readonly jumbf: Uint8Array[];
  /** True when the first EXIF segment marks Adobe RGB without a profile (input only). */
  isAdobeRgb: boolean;
}

/**
 * Checks a cleaned JPEG against an allowlist, independently of how the stripper decided.
 *
 * The output may contain only these segments:
 * - SOI, and EOI as the last two bytes;
 * - at most one JFIF APP0 of 16 bytes with a 0×0 thumbnail;
 * - at most one EXIF APP1, which must be our minimal block with tags the policy keeps;
 * - ICC APP2 chunks when the policy keeps colour, and JUMBF APP11 when it keeps content
 *   credentials;
 * - Adobe APP14 and the image-defining segments with their scan data.
 *
 * ICC, APP14, JUMBF and all image-defining bytes (SOF, DHT, DAC, DQT, DNL, DRI, DHP, EXP, SOS
 * and scan data) must equal the input's, byte for byte and in order. The one exception is an
 * input that marks Adobe RGB only in EXIF: its output may carry our Adobe RGB profile.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`, naming the offending segment, never a metadata value.
 */
export function verifyJpegStructure(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy,
): void {
  const inputParts = collectInputParts(input);
  const outputParts = collectOutputParts(output, policy);

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
}

/**
 * Returns the ICC chunks the output must carry: the input's, or, for an input that marks
 * Adobe RGB only in EXIF, the stripper's Adobe RGB compatible profile.
 */
function getExpectedIcc(inputParts: ComparedParts): readonly Uint8Array[] {
  if (inputParts.icc.length === 0 && inputParts.isAdobeRgb) {
    return createIccSegments(buildAdobeRgbProfile());
  }
  return inputParts.icc;
}

function collectInputParts(input: Uint8Array): ComparedParts {
  const parts: ComparedParts = { image: [], icc: [], adobe: [], jumbf: [], isAdobeRgb: false };
  let isFirstExif = true;
  for (const segment of readStructure(input, 'input').segments) {
    if (isExifSegment(segment) && isFirstExif) {
      isFirstExif = false;
      parts.isAdobeRgb = inspectExif(segment.payload.subarray(6)).isAdobeRgb;
    } else if (isImageDefiningMarker(segment.marker)) {
      addImagePart(parts, segment);
    } else if (isIccSegment(segment)) {
      parts.icc.push(segment.bytes);
    } else if (isAdobeSegment(segment)) {
      parts.adobe.push(segment.bytes);
    } else if (isJumbfSegment(segment)) {
      parts.jumbf.push(segment.bytes);
    }
  }
  return parts;
}

/** Walks the output and rejects every segment outside the allowlist. */
function collectOutputParts(output: Uint8Array, policy: KeepPolicy): ComparedParts {
  const structure = readStructure(output, 'output');
  if (structure.trailer.length > 0) {
    throw createError(`${structure.trailer.length} bytes follow EOI`);
  }
  const parts: ComparedParts = { image: [], icc: [], adobe: [], jumbf: [], isAdobeRgb: false };
  let jfifCount = 0;
  let exifCount = 0;
  for (const segment of structure.segments) {
    if (isImageDefiningMarker(segment.marker)) {
      addImagePart(parts, segment);
    } else if (isJfifSegment(segment)) {
      jfifCount += 1;
      checkJfif(segment, jfifCount);
    } else if (isExifSegment(segment)) {
      exifCount += 1;
      checkExif(segment, exifCount, policy);
    } else if (isIccSegment(segment) && policy.colorProfile !== false) {
      parts.icc.push(segment.bytes);
    } else if (isAdobeSegment(segment)) {
      parts.adobe.push(segment.bytes);
    } else if (isJumbfSegment(segment) && policy.contentCredentials) {
      parts.jumbf.push(segment.bytes);
    } else {
      throw createError(`${describe(segment)} is not allowed in a cleaned JPEG`);
    }
  }
  return parts;
}

function readStructure(bytes: Uint8Array, role: 'input' | 'output'): JpegStructure {
  try {
    return readJpegSegments(bytes);
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    throw new AppError(
      'E_VERIFY_STRUCTURE',
      `The ${role} JPEG cannot be walked: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

function addImagePart(parts: ComparedParts, segment: JpegSegment): void {
  parts.image.push(segment.bytes);
  if (segment.marker === JPEG_MARKER.sos) {
    parts.image.push(segment.scanData);
  }
}

function checkJfif(segment: JpegSegment, count: number): void {
  if (count > 1) {
    throw createError(`${describe(segment)} is a second JFIF segment`);
  }
  const { payload } = segment;
  if (payload.length !== 14 || payload[12] !== 0 || payload[13] !== 0) {
    throw createError(`${describe(segment)} is a JFIF segment with a thumbnail or extra bytes`);
  }
}

function checkExif(segment: JpegSegment, count: number, policy: KeepPolicy): void {
  if (count > 1) {
    throw createError(`${describe(segment)} is a second EXIF segment`);
  }
  if (segment.payload[5] !== 0) {
    throw createError(`${describe(segment)} has a malformed EXIF header`);
  }
  verifyMinimalExif(segment.payload.subarray(6), policy, describe(segment));
}

function isJfifSegment(segment: JpegSegment): boolean {
  return segment.marker === JPEG_MARKER.app0 && startsWith(segment.payload, 'JFIF\0');
}

function isExifSegment(segment: JpegSegment): boolean {
  return segment.marker === JPEG_MARKER.app1 && startsWith(segment.payload, 'Exif\0');
}

function isIccSegment(segment: JpegSegment): boolean {
  return segment.marker === JPEG_MARKER.app2 && startsWith(segment.payload, 'ICC_PROFILE\0');
}

function isAdobeSegment(segment: JpegSegment): boolean {
  return segment.marker === JPEG_MARKER.app14 && startsWith(segment.payload, 'Adobe');
}

function isJumbfSegment(segment: JpegSegment): boolean {
  return segment.marker === JPEG_MARKER.app11 && startsWith(segment.payload, 'JP');
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return isSameBytes(bytes.subarray(0, prefix.length), Buffer.from(prefix, 'latin1'));
}

/** Compares two byte ranges without copying them. */
function isSameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(right);
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

function describe(segment: JpegSegment): string {
  return `${getMarkerName(segment.marker)} at byte ${segment.offset}`;
}

function createError(problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `Cleaned JPEG failed the structure check: ${problem}`);
}
