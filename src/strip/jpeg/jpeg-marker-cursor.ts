import { AppError } from '../../shared/errors.js';
import { getMarkerName, isRstMarker, JPEG_MARKER } from './jpeg-markers.js';

/**
 * The maximum number of marker segments between SOI and EOI. Camera and editor files have a few
 * dozen, and 16,384 segments of the maximum size (65,537 bytes each) would hold 1 GiB, so only a
 * file padded with tiny segments reaches it. The limit bounds the objects that
 * `readJpegSegments` creates, one per segment (about 360 bytes of heap each in Node 20, so about
 * 6 MB at the limit), and the time a walk takes.
 */
export const MAX_JPEG_SEGMENTS = 16_384;

/**
 * The maximum number of scans (SOS segments). libjpeg's default progressive script writes 10
 * scans for a colour image. A progressive decoder passes over the whole image once per scan, so
 * thousands of tiny scans make a small file slow to decode (NVIDIA nvImageCodec rejects more than
 * 256 by default, in its `NVIMGCODEC_MAX_JPEG_SCANS`).
 */
export const MAX_JPEG_SCANS = 1_000;

/**
 * A cursor over the marker segments of a JPEG, from SOI to the first EOI. It keeps only numbers
 * about the current segment, so a walk allocates nothing per segment. Fill bytes (extra 0xFF
 * before a marker) are skipped. The entropy-coded data after each SOS is delimited the way libjpeg
 * reads it, so 0xFF 0x00 is a stuffed data byte and RST0..RST7 belong to the scan.
 */
export class JpegMarkerCursor {
  readonly #bytes: Uint8Array;
  /**
   * The same memory as a Buffer, because `Buffer#indexOf` searches with memchr, while
   * `Uint8Array#indexOf` compares element by element. The stripper's output is a Uint8Array,
   * and walking its 5 MB scan took about 2.5 times as long that way (Node 20, 2-core AMD EPYC).
   */
  readonly #searchable: Buffer;
  #position = 2;
  #marker = 0;
  #offset = 0;
  #end = 0;
  #scanEnd = 0;
  #segmentCount = 0;
  #scanCount = 0;
  #hasFillBytes = false;

  /** @throws AppError `E_CORRUPT` when `bytes` does not start with SOI. */
  constructor(bytes: Uint8Array) {
    if (bytes[0] !== 0xff || bytes[1] !== JPEG_MARKER.soi) {
      throw new AppError('E_CORRUPT', 'JPEG is corrupt: the file does not start with SOI (FF D8)');
    }
    this.#bytes = bytes;
    this.#searchable = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The current marker code, the byte after 0xFF; `JPEG_MARKER.eoi` at the end. */
  get marker(): number {
    return this.#marker;
  }

  /** Offset of the current marker's 0xFF, after any fill bytes. */
  get offset(): number {
    return this.#offset;
  }

  /** Offset one past the current segment's payload. */
  get end(): number {
    return this.#end;
  }

  /** Offset one past the scan data that follows an SOS; equal to `end` for other markers. */
  get scanEnd(): number {
    return this.#scanEnd;
  }

  /** True when 0xFF fill bytes preceded some marker so far. */
  get hasFillBytes(): boolean {
    return this.#hasFillBytes;
  }

  /**
   * Moves to the next segment and returns true, or returns false on reaching EOI, whose offset
   * `offset` then holds.
   *
   * @throws AppError `E_TRUNCATED` when the file ends before EOI, `E_CORRUPT` when something
   *   other than a valid marker sits where a marker must be or the file has more than
   *   {@link MAX_JPEG_SEGMENTS} segments or {@link MAX_JPEG_SCANS} scans,
   *   `E_UNSUPPORTED_FORMAT` for JPEG-LS.
   */
  next(): boolean {
    this.#readMarker();
    if (this.#marker === JPEG_MARKER.eoi) {
      this.#end = this.#offset + 2;
      this.#scanEnd = this.#end;
      return false;
    }
    this.#checkSegmentMarker();
    this.#countSegment();
    this.#readLength();
    this.#scanEnd = this.#marker === JPEG_MARKER.sos ? this.#findScanEnd() : this.#end;
    this.#position = this.#scanEnd;
    return true;
  }

  /** Finds the marker at the current position, skipping fill bytes. */
  #readMarker(): void {
    const bytes = this.#bytes;
    const position = this.#position;
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
    this.#hasFillBytes ||= offset > position;
    this.#offset = offset;
    this.#marker = marker;
  }

  /** Rejects marker codes that cannot start a segment between SOI and EOI. */
  #checkSegmentMarker(): void {
    const marker = this.#marker;
    const isStandalone = marker === JPEG_MARKER.tem || isRstMarker(marker);
    if (marker === JPEG_MARKER.soi || isStandalone || marker < JPEG_MARKER.sof0) {
      throw new AppError(
        'E_CORRUPT',
        `JPEG is corrupt: marker ${getMarkerName(marker)} at byte ${this.#offset} is not valid here`,
      );
    }
    if (marker === JPEG_MARKER.sof55) {
      // JPEG-LS stuffs its scan data differently (0xFF followed by a clear top bit), so the
      // scans cannot be delimited with the rules of this cursor.
      throw new AppError('E_UNSUPPORTED_FORMAT', 'JPEG-LS files (SOF55) are not supported');
    }
  }

  #countSegment(): void {
    this.#segmentCount += 1;
    if (this.#segmentCount > MAX_JPEG_SEGMENTS) {
      throw new AppError(
        'E_CORRUPT',
        `JPEG is corrupt or hostile: it has more than ${MAX_JPEG_SEGMENTS} marker segments, ` +
          'where camera and editor files have a few dozen',
      );
    }
    if (this.#marker !== JPEG_MARKER.sos) {
      return;
    }
    this.#scanCount += 1;
    if (this.#scanCount > MAX_JPEG_SCANS) {
      throw new AppError(
        'E_CORRUPT',
        `JPEG is corrupt or hostile: it has more than ${MAX_JPEG_SCANS} scans, ` +
          'where a progressive JPEG has a few dozen at most',
      );
    }
  }

  #readLength(): void {
    const bytes = this.#bytes;
    const offset = this.#offset;
    const name = getMarkerName(this.#marker);
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
    this.#end = offset + 2 + length;
    if (this.#end > bytes.length) {
      throw new AppError(
        'E_TRUNCATED',
        `JPEG is truncated: the ${name} segment at byte ${offset} runs past the end of the file`,
      );
    }
  }

  /**
   * Returns the offset of the 0xFF that starts the first marker after the entropy-coded data
   * that begins at `end`. Like libjpeg, a run of 0xFF followed by 0x00 is one stuffed data byte.
   */
  #findScanEnd(): number {
    const bytes = this.#bytes;
    let position = this.#end;
    for (;;) {
      const markerStart = findByte(this.#searchable, 0xff, position);
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
}

/** Bytes compared one by one before handing the search to `indexOf`. */
const SHORT_SEARCH = 16;

/**
 * Returns the offset of the first `value` at or after `start`, or -1. The first bytes are
 * compared in a loop, because in scan data dense with stuffed bytes (0xFF 0x00) a call to
 * `indexOf` for every 0xFF costs several times more than the search itself.
 */
function findByte(bytes: Buffer, value: number, start: number): number {
  const shortEnd = Math.min(start + SHORT_SEARCH, bytes.length);
  for (let index = start; index < shortEnd; index += 1) {
    if (bytes[index] === value) {
      return index;
    }
  }
  return shortEnd === bytes.length ? -1 : bytes.indexOf(value, shortEnd);
}

function formatByte(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
}
