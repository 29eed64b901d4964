import { AppError, isAppError } from '../shared/errors.js';
import type { MinimalExifFields } from '../strip/exif/build-minimal-exif.js';
import { inspectExif } from '../strip/exif/inspect-exif.js';
import { findImageSegmentProblem } from '../strip/jpeg/find-image-segment-problem.js';
import {
  getMarkerName,
  isHierarchicalMarker,
  isImageDefiningMarker,
  isSofMarker,
  JPEG_MARKER,
} from '../strip/jpeg/jpeg-markers.js';
import {
  readJpegSegments,
  type JpegSegment,
  type JpegStructure,
} from '../strip/jpeg/read-jpeg-segments.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { readJpegIccProfile } from './read-jpeg-icc-profile.js';
import { verifyMinimalExif } from './verify-minimal-exif.js';

/** The parts of a JPEG that the structure check compares between input and output. */
export interface JpegParts {
  /** Every image-defining segment, and each scan's data after its SOS, in order. */
  readonly image: Uint8Array[];
  readonly icc: Uint8Array[];
  /** Adobe APP14 segments, each as its 12-byte payload would be written. */
  readonly adobe: Uint8Array[];
  readonly jumbf: Uint8Array[];
  /** ISO 21496-1 gain map APP2 segments before the first scan. */
  readonly iso: Uint8Array[];
  /** XMP packets of standard XMP APP1 segments (output only). */
  readonly xmp: Uint8Array[];
  /** The MPF APP2 segment (output only), or null. */
  mpf: JpegSegment | null;
  /** True when the EXIF block carries Apple's reduced HDR MakerNote (output only). */
  hasAppleHdr: boolean;
  /** The orientation of the EXIF block that readers apply, 1..8, or null without one. */
  orientation: number | null;
  /** True when the first EXIF segment marks Adobe RGB without a profile (input only). */
  isAdobeRgb: boolean;
}

/** What a cleaned image may carry beyond the segments of a single image. */
export interface JpegOutputAllowances {
  /** One MPF APP2 before the first scan: the primary image of a multi-picture file. */
  readonly mpf: boolean;
  /** Standard XMP APP1 and ISO gain map APP2 segments, whose contents the caller checks. */
  readonly gainMapMetadata: boolean;
}

const SINGLE_IMAGE: JpegOutputAllowances = { mpf: false, gainMapMetadata: false };

/** Bytes before the packet in a standard XMP APP1 payload: the namespace URI and its NUL. */
const XMP_HEADER_SIZE = 29;

/** "Adobe", version, two flag words and the colour transform: what decoders read of APP14. */
const ADOBE_PAYLOAD_SIZE = 12;

/**
 * Collects the parts of an input JPEG that readers use, as the stripper must keep them.
 * libjpeg-based readers and ExifTool read EXIF, ICC and APP14 only from the markers before the
 * first scan, so later ones never count. `structure` is the verifier's own earlier walk of
 * `input`, if any, so the input is not walked twice.
 */
export function collectJpegInputParts(
  input: Uint8Array,
  structure: JpegStructure | null = null,
): JpegParts {
  const parts = createParts();
  const segments = (structure ?? readStructure(input, 'input')).segments;
  const frame = segments.find((segment) => isSofMarker(segment.marker)) ?? null;
  let scanCount = 0;
  let previous: JpegSegment | null = null;
  let isFirstExif = true;
  for (const segment of segments) {
    const isBeforeScan = scanCount === 0;
    if (isExifSegment(segment)) {
      if (isBeforeScan && isFirstExif) {
        const inspection = inspectExif(segment.payload.subarray(6));
        parts.orientation = inspection.orientation;
        parts.isAdobeRgb = inspection.isAdobeRgb;
      }
      isFirstExif = false;
    } else if (isImageDefiningMarker(segment.marker)) {
      if (segment.marker !== JPEG_MARKER.dnl || isDnlAllowed(frame, previous, scanCount)) {
        addImagePart(parts, segment);
      }
    } else if (isIccSegment(segment) && isBeforeScan) {
      parts.icc.push(segment.bytes);
    } else if (isAdobeSegment(segment) && isBeforeScan) {
      addAdobePart(parts, segment);
    } else if (isJumbfSegment(segment)) {
      parts.jumbf.push(segment.bytes);
    } else if (isIsoGainMapSegment(segment) && isBeforeScan) {
      parts.iso.push(segment.bytes);
    }
    scanCount += segment.marker === JPEG_MARKER.sos ? 1 : 0;
    previous = segment;
  }
  if (readJpegIccProfile(parts.icc.map(getPayload)) === null) {
    parts.icc.length = 0;
  }
  return parts;
}

/**
 * Walks a cleaned JPEG, rejects every segment outside the allowlist that
 * `verifyJpegStructure` documents, and collects the parts to compare with the input.
 * `walked` is the verifier's own earlier walk of `output`, if any, so the output is not walked
 * twice.
 *
 * @throws AppError `E_VERIFY_STRUCTURE`, naming the offending segment, never a metadata value.
 */
export function collectJpegOutputParts(
  output: Uint8Array,
  policy: KeepPolicy,
  allowances: JpegOutputAllowances = SINGLE_IMAGE,
  walked: JpegStructure | null = null,
): JpegParts {
  const structure = walked ?? readStructure(output, 'output');
  if (structure.trailer.length > 0) {
    throw createError(`${structure.trailer.length} bytes follow EOI`);
  }
  const parts = createParts();
  const frame = structure.segments.find((segment) => isSofMarker(segment.marker)) ?? null;
  let jfifCount = 0;
  let exifCount = 0;
  let scanCount = 0;
  let previous: JpegSegment | null = null;
  for (const segment of structure.segments) {
    if (isImageDefiningMarker(segment.marker)) {
      checkImageSegment(segment, frame, isDnlAllowed(frame, previous, scanCount));
      addImagePart(parts, segment);
    } else if (isJfifSegment(segment)) {
      jfifCount += 1;
      checkJfif(segment, jfifCount);
    } else if (isExifSegment(segment)) {
      exifCount += 1;
      checkBeforeScan(segment, scanCount);
      const fields = checkExif(segment, exifCount, policy);
      parts.orientation = fields.orientation ?? null;
      parts.hasAppleHdr = fields.appleHdr !== undefined;
    } else if (isIccSegment(segment) && policy.colorProfile !== false) {
      checkBeforeScan(segment, scanCount);
      parts.icc.push(segment.bytes);
    } else if (isAdobeSegment(segment)) {
      checkBeforeScan(segment, scanCount);
      checkAdobe(segment);
      parts.adobe.push(segment.bytes);
    } else if (isJumbfSegment(segment) && policy.contentCredentials) {
      parts.jumbf.push(segment.bytes);
    } else if (isMpfSegment(segment) && allowances.mpf && parts.mpf === null) {
      checkBeforeScan(segment, scanCount);
      parts.mpf = segment;
    } else if (isXmpSegment(segment) && allowances.gainMapMetadata) {
      checkBeforeScan(segment, scanCount);
      parts.xmp.push(segment.payload.subarray(XMP_HEADER_SIZE));
    } else if (isIsoGainMapSegment(segment) && allowances.gainMapMetadata) {
      checkBeforeScan(segment, scanCount);
      parts.iso.push(segment.bytes);
    } else {
      throw createError(`${describe(segment)} is not allowed in a cleaned JPEG`);
    }
    scanCount += segment.marker === JPEG_MARKER.sos ? 1 : 0;
    previous = segment;
  }
  if (parts.icc.length > 0 && readJpegIccProfile(parts.icc.map(getPayload)) === null) {
    throw createError('the ICC profile APP2 chunks do not form one valid ICC profile');
  }
  return parts;
}

function createParts(): JpegParts {
  return {
    image: [],
    icc: [],
    adobe: [],
    jumbf: [],
    iso: [],
    xmp: [],
    mpf: null,
    hasAppleHdr: false,
    orientation: null,
    isAdobeRgb: false,
  };
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

/**
 * Returns true for a DNL right after the first scan of a frame whose header gives 0 lines, the
 * only place ITU-T T.81 (B.2.5) allows one.
 */
function isDnlAllowed(
  frame: JpegSegment | null,
  previous: JpegSegment | null,
  scanCount: number,
): boolean {
  const lines = ((frame?.payload[1] ?? 0xff) << 8) | (frame?.payload[2] ?? 0xff);
  return lines === 0 && scanCount === 1 && previous?.marker === JPEG_MARKER.sos;
}

function addImagePart(parts: JpegParts, segment: JpegSegment): void {
  parts.image.push(segment.bytes);
  if (segment.marker === JPEG_MARKER.sos) {
    parts.image.push(segment.scanData);
  }
}

/** Adds an input APP14 as the stripper must write it, or nothing when decoders ignore it. */
function addAdobePart(parts: JpegParts, segment: JpegSegment): void {
  if (segment.payload.length < ADOBE_PAYLOAD_SIZE) {
    return;
  }
  const header = [0xff, JPEG_MARKER.app14, 0x00, 2 + ADOBE_PAYLOAD_SIZE];
  const payload = segment.payload.subarray(0, ADOBE_PAYLOAD_SIZE);
  parts.adobe.push(Buffer.concat([Buffer.from(header), payload]));
}

/**
 * Rejects an image segment with a malformed payload, a second frame header, a marker of the
 * hierarchical process or a misplaced DNL. `frame` is the output's first frame header.
 */
function checkImageSegment(
  segment: JpegSegment,
  frame: JpegSegment | null,
  isDnlAllowedHere: boolean,
): void {
  const problem = findImageSegmentProblem(segment.marker, segment.payload);
  if (problem !== null) {
    throw createError(`${describe(segment)} ${problem}`);
  }
  if (isHierarchicalMarker(segment.marker)) {
    throw createError(`${describe(segment)} belongs to the hierarchical process`);
  }
  if (isSofMarker(segment.marker) && segment !== frame) {
    throw createError(`${describe(segment)} is a second frame header`);
  }
  if (segment.marker === JPEG_MARKER.dnl && !isDnlAllowedHere) {
    throw createError(`${describe(segment)} is a DNL segment where ITU-T T.81 allows none`);
  }
}

function checkBeforeScan(segment: JpegSegment, scanCount: number): void {
  if (scanCount > 0) {
    throw createError(`${describe(segment)} follows the first scan, where readers ignore it`);
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

function checkExif(segment: JpegSegment, count: number, policy: KeepPolicy): MinimalExifFields {
  if (count > 1) {
    throw createError(`${describe(segment)} is a second EXIF segment`);
  }
  if (segment.payload[5] !== 0) {
    throw createError(`${describe(segment)} has a malformed EXIF header`);
  }
  return verifyMinimalExif(segment.payload.subarray(6), policy, describe(segment));
}

function checkAdobe(segment: JpegSegment): void {
  if (segment.payload.length !== ADOBE_PAYLOAD_SIZE) {
    throw createError(
      `${describe(segment)} is an Adobe segment of ${segment.payload.length} payload bytes, ` +
        `not ${ADOBE_PAYLOAD_SIZE}`,
    );
  }
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

function isMpfSegment(segment: JpegSegment): boolean {
  return segment.marker === JPEG_MARKER.app2 && startsWith(segment.payload, 'MPF\0');
}

function isXmpSegment(segment: JpegSegment): boolean {
  return (
    segment.marker === JPEG_MARKER.app1 &&
    startsWith(segment.payload, 'http://ns.adobe.com/xap/1.0/\0')
  );
}

function isIsoGainMapSegment(segment: JpegSegment): boolean {
  return (
    segment.marker === JPEG_MARKER.app2 &&
    startsWith(segment.payload, 'urn:iso:std:iso:ts:21496:-1\0')
  );
}

function isJumbfSegment(segment: JpegSegment): boolean {
  return segment.marker === JPEG_MARKER.app11 && startsWith(segment.payload, 'JP');
}

/** Returns the payload of a whole segment (marker, length and payload). */
function getPayload(segment: Uint8Array): Uint8Array {
  return segment.subarray(4);
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return isSameBytes(bytes.subarray(0, prefix.length), Buffer.from(prefix, 'latin1'));
}

/** Compares two byte ranges without copying them. */
function isSameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return Buffer.from(left.buffer, left.byteOffset, left.byteLength).equals(right);
}

function describe(segment: JpegSegment): string {
  return `${getMarkerName(segment.marker)} at byte ${segment.offset}`;
}

function createError(problem: string): AppError {
  return new AppError('E_VERIFY_STRUCTURE', `Cleaned JPEG failed the structure check: ${problem}`);
}
