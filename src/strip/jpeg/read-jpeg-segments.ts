import { AppError } from '../../shared/errors.js';
import { getMarkerName, isRstMarker, JPEG_MARKER } from './jpeg-markers.js';

/** One marker segment between SOI and EOI. */
export interface JpegSegment {
  /** The marker code, the byte after 0xFF. */
  readonly marker: number;
  /** Offset of the segment's 0xFF in the file, after any fill bytes. */
  readonly offset: number;
  /** The whole segment: marker, length field and payload. */
  readonly bytes: Uint8Array;
  /** The payload after the 2-byte length field. */
  readonly payload: Uint8Array;
  /**
   * For SOS, the entropy-coded data after the header up to the next marker, with its stuffed
   * bytes and restart markers. Empty for every other marker.
   */
  readonly scanData: Uint8Array;
}

/** The marker structure of a JPEG file up to its first EOI. */
export interface JpegStructure {
  /** Segments in file order, without SOI and EOI. */
  readonly segments: readonly JpegSegment[];
  /** Offset one past the EOI marker. */
  readonly eoiEnd: number;
  /** Whatever follows EOI: nothing in a plain JPEG. */
  readonly trailer: Uint8Array;
  /** True when 0xFF fill bytes precede some marker. */
  readonly hasFillBytes: boolean;
}

/**
 * Walks the marker segments of a JPEG from SOI to the first EOI. Fill bytes (extra 0xFF before
 * a marker) are skipped. The entropy-coded data after each SOS is delimited the way libjpeg
 * reads it, so 0xFF 0x00 is a stuffed data byte and RST0..RST7 belong to the scan.
 *
 * @throws AppError `E_TRUNCATED` when the file ends before EOI, `E_CORRUPT` when something
 *   other than a valid marker sits where a marker must be, `E_UNSUPPORTED_FORMAT` for JPEG-LS.
 */
export function readJpegSegments(bytes: Uint8Array): JpegStructure {
  if (bytes[0] !== 0xff || bytes[1] !== JPEG_MARKER.soi) {
    throw new AppError('E_CORRUPT', 'JPEG is corrupt: the file does not start with SOI (FF D8)');
  }
  const segments: JpegSegment[] = [];
  let hasFillBytes = false;
  let position = 2;
  for (;;) {
    const { offset, marker } = readMarker(bytes, position);
    hasFillBytes ||= offset > position;
    if (marker === JPEG_MARKER.eoi) {
      const eoiEnd = offset + 2;
      return { segments, eoiEnd, trailer: bytes.subarray(eoiEnd), hasFillBytes };
    }
    checkSegmentMarker(marker, offset);
    if (marker === JPEG_MARKER.sof55) {
      // JPEG-LS stuffs its scan data differently (0xFF followed by a clear top bit), so the
      // scans cannot be delimited with the rules below.
      throw new AppError('E_UNSUPPORTED_FORMAT', 'JPEG-LS files (SOF55) are not supported');
    }
    const segment = readSegment(bytes, offset, marker);
    segments.push(segment);
    position = offset + segment.bytes.length + segment.scanData.length;
  }
}

/** Finds the marker at `position`, skipping fill bytes. */
function readMarker(bytes: Uint8Array, position: number): { offset: number; marker: number } {
  if (position >= bytes.length) {
    throw new AppError('E_TRUNCATED', 'JPEG is truncated: the file ends before the EOI marker');
  }
  if (bytes[position] !== 0xff) {
    const found = formatByte(bytes[position] ?? 0);
    throw new AppError(
      'E_CORRUPT',
      `JPEG is corrupt: expected a marker at byte ${position}, found ${found}`,
    );
  }
  let offset = position;
  while (bytes[offset + 1] === 0xff) {
    offset += 1;
  }
  const marker = bytes[offset + 1];
  if (marker === undefined) {
    throw new AppError('E_TRUNCATED', 'JPEG is truncated: the file ends inside a marker');
  }
  return { offset, marker };
}

/** Rejects marker codes that cannot start a segment between SOI and EOI. */
function checkSegmentMarker(marker: number, offset: number): void {
  const isStandalone = marker === JPEG_MARKER.tem || isRstMarker(marker);
  if (marker === 0x00 || marker === JPEG_MARKER.soi || isStandalone || marker < JPEG_MARKER.sof0) {
    throw new AppError(
      'E_CORRUPT',
      `JPEG is corrupt: marker ${getMarkerName(marker)} at byte ${offset} is not valid here`,
    );
  }
}

function readSegment(bytes: Uint8Array, offset: number, marker: number): JpegSegment {
  const name = getMarkerName(marker);
  if (offset + 4 > bytes.length) {
    throw new AppError(
      'E_TRUNCATED',
      `JPEG is truncated: the ${name} segment at byte ${offset} has no complete length field`,
    );
  }
  const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
  if (length < 2) {
    throw new AppError(
      'E_CORRUPT',
      `JPEG is corrupt: the ${name} segment at byte ${offset} has an invalid length ${length}`,
    );
  }
  const end = offset + 2 + length;
  if (end > bytes.length) {
    throw new AppError(
      'E_TRUNCATED',
      `JPEG is truncated: the ${name} segment at byte ${offset} runs past the end of the file`,
    );
  }
  const scanEnd = marker === JPEG_MARKER.sos ? findScanEnd(bytes, end) : end;
  return {
    marker,
    offset,
    bytes: bytes.subarray(offset, end),
    payload: bytes.subarray(offset + 4, end),
    scanData: bytes.subarray(end, scanEnd),
  };
}

/**
 * Returns the offset of the 0xFF that starts the first marker after entropy-coded data begun
 * at `start`. Like libjpeg, a run of 0xFF followed by 0x00 is one stuffed data byte.
 */
function findScanEnd(bytes: Uint8Array, start: number): number {
  let position = start;
  for (;;) {
    const markerStart = bytes.indexOf(0xff, position);
    if (markerStart === -1) {
      break;
    }
    let next = markerStart + 1;
    while (bytes[next] === 0xff) {
      next += 1;
    }
    const code = bytes[next];
    if (code === undefined) {
      break;
    }
    if (code !== 0x00 && !isRstMarker(code)) {
      return markerStart;
    }
    position = next + 1;
  }
  throw new AppError(
    'E_TRUNCATED',
    'JPEG is truncated: the file ends inside scan data, before the EOI marker',
  );
}

function formatByte(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
}
