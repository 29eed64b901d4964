import { JpegMarkerCursor } from './jpeg-marker-cursor.js';

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
 * Walks the marker segments of a JPEG from SOI to the first EOI with a {@link JpegMarkerCursor},
 * and returns one object per segment. The cursor's limits on segments and scans bound how many
 * objects that can be.
 *
 * @throws AppError `E_TRUNCATED` when the file ends before EOI, `E_CORRUPT` when something
 *   other than a valid marker sits where a marker must be or the file has more segments or scans
 *   than the cursor accepts, `E_UNSUPPORTED_FORMAT` for JPEG-LS.
 */
export function readJpegSegments(bytes: Uint8Array): JpegStructure {
  const cursor = new JpegMarkerCursor(bytes);
  const segments: JpegSegment[] = [];
  while (cursor.next()) {
    const { marker, offset, end, scanEnd } = cursor;
    segments.push({
      marker,
      offset,
      bytes: bytes.subarray(offset, end),
      payload: bytes.subarray(offset + 4, end),
      scanData: bytes.subarray(end, scanEnd),
    });
  }
  const eoiEnd = cursor.end;
  return { segments, eoiEnd, trailer: bytes.subarray(eoiEnd), hasFillBytes: cursor.hasFillBytes };
}
