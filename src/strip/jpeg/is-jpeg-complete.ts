import { isAppError } from '../../shared/errors.js';
import { readIfd } from '../exif/read-ifd.js';
import { TiffReader } from '../exif/tiff-reader.js';
import { JpegMarkerCursor } from './jpeg-marker-cursor.js';
import { JPEG_MARKER } from './jpeg-markers.js';

/** MPF tag MPEntry: 16 bytes per image (attributes, size, offset, two dependent images). */
const MP_ENTRY_TAG = 0xb002;
const MP_ENTRY_SIZE = 16;

/** The SOI marker; a file no longer than it is still being written. */
const SOI_SIZE = 2;

/** "MPF\0" before the MP header's TIFF structure. */
const MPF_IDENTIFIER = [0x4d, 0x50, 0x46, 0x00];
const MPF_IDENTIFIER_SIZE = MPF_IDENTIFIER.length;

/**
 * Returns true when a JPEG is complete: the marker walk reaches EOI, and every image that an
 * MPF index declares (gain map, second view of a stereo pair) lies inside the file. Used to
 * tell a file still being copied from one ready to clean. Only running out of data returns
 * false: a corrupt file counts as complete, because waiting cannot repair it and the stripper
 * then rejects it with its own code. That includes a file past the cursor's segment or scan
 * limit, whatever its end holds.
 *
 * The daemon calls this on its main thread while a file settles, so the walk keeps only the
 * cursor's position and the first MPF segment's bounds, and allocates nothing per segment.
 */
export function isJpegComplete(bytes: Uint8Array): boolean {
  if (bytes.length <= SOI_SIZE) {
    return false;
  }
  let mpf: SegmentBounds | null = null;
  let primaryEnd = 0;
  try {
    const cursor = new JpegMarkerCursor(bytes);
    while (cursor.next()) {
      if (mpf === null && isMpfSegment(bytes, cursor.marker, cursor.offset, cursor.end)) {
        mpf = { offset: cursor.offset, end: cursor.end };
      }
    }
    primaryEnd = cursor.end;
  } catch (error) {
    if (isAppError(error)) {
      return error.code !== 'E_TRUNCATED';
    }
    throw error;
  }
  return mpf === null || areMpfImagesPresent(bytes, mpf, primaryEnd);
}

/** The bounds of one segment in the file: its marker's offset and the offset past its payload. */
interface SegmentBounds {
  readonly offset: number;
  readonly end: number;
}

/** Returns true for an APP2 segment whose payload starts with "MPF\0". */
function isMpfSegment(bytes: Uint8Array, marker: number, offset: number, end: number): boolean {
  if (marker !== JPEG_MARKER.app2 || end - offset - 4 < MPF_IDENTIFIER_SIZE) {
    return false;
  }
  return MPF_IDENTIFIER.every((byte, index) => bytes[offset + 4 + index] === byte);
}

/**
 * Checks the MP entries of an MPF segment against the file size. Offsets count from the MP
 * header's byte-order mark; the first image (offset 0) is the file itself. An index that
 * cannot be read counts as complete, because nothing more can be learnt by waiting, and so
 * does one whose first entry's size differs from the primary image's (`primaryEnd`), because
 * such an index describes another file (editors copy it along).
 */
function areMpfImagesPresent(bytes: Uint8Array, mpf: SegmentBounds, primaryEnd: number): boolean {
  const fileSize = bytes.length;
  const reader = TiffReader.open(bytes.subarray(mpf.offset + 4 + MPF_IDENTIFIER_SIZE, mpf.end));
  const ifd = reader === null ? null : readIfd(reader, reader.firstIfdOffset);
  const entry = ifd?.entries.find((candidate) => candidate.tag === MP_ENTRY_TAG);
  if (reader === null || entry === undefined || entry.valueLength === null) {
    return true;
  }
  const table = reader.readBytes(entry.valueOffset, entry.valueLength);
  if (table === null) {
    return true;
  }
  const headerOffset = mpf.offset + 4 + MPF_IDENTIFIER_SIZE;
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  if (table.length >= MP_ENTRY_SIZE && view.getUint32(4, reader.littleEndian) !== primaryEnd) {
    return true;
  }
  for (let index = 0; index + MP_ENTRY_SIZE <= table.length; index += MP_ENTRY_SIZE) {
    const size = view.getUint32(index + 4, reader.littleEndian);
    const offset = view.getUint32(index + 8, reader.littleEndian);
    if (offset !== 0 && headerOffset + offset + size > fileSize) {
      return false;
    }
  }
  return true;
}
