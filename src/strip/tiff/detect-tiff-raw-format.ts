import { readIfd, type IfdEntry } from '../exif/read-ifd.js';
import { readIfdAscii, readIfdInteger } from '../exif/read-ifd-value.js';
import { TiffReader } from '../exif/tiff-reader.js';
import { readSubIfdOffsets } from './read-entry-value.js';
import { TIFF_TAG } from './tiff-tags.js';

/**
 * PhotometricInterpretation values that only sensor data uses: CFA (TIFF/EP) and LinearRaw
 * (DNG).
 */
const RAW_PHOTOMETRICS: ReadonlySet<number> = new Set([32803, 34892]);

/**
 * Vendor compression schemes of camera RAW files, as ExifTool 13 names them: Sony ARW (32767),
 * packed RAW (32769), Samsung SRW (32770, 32772), Kodak KDC (32867), Nikon NEF (34713), Kodak
 * DCR (65000) and Pentax PEF (65535).
 */
const RAW_COMPRESSIONS: ReadonlySet<number> = new Set([
  32767, 32769, 32770, 32772, 32867, 34713, 65000, 65535,
]);

/** Tags that only RAW image directories carry: the TIFF/EP CFA layout and DNGPrivateData. */
const RAW_TAGS: ReadonlySet<number> = new Set([
  TIFF_TAG.cfaRepeatPatternDim,
  TIFF_TAG.cfaPattern,
  TIFF_TAG.dngPrivateData,
]);

/** The RAW format each camera maker's TIFF-based files have, by the start of IFD0 Make. */
const LABELS_BY_MAKE: readonly (readonly [string, string])[] = [
  ['NIKON', 'Nikon NEF RAW'],
  ['SONY', 'Sony ARW RAW'],
  ['PENTAX', 'Pentax PEF RAW'],
  ['RICOH', 'Pentax PEF RAW'],
  ['SAMSUNG', 'Samsung SRW RAW'],
  ['CANON', 'Canon RAW'],
  ['KODAK', 'Kodak RAW'],
  ['EASTMAN KODAK', 'Kodak RAW'],
  ['HASSELBLAD', 'Hasselblad 3FR RAW'],
  ['LEAF', 'Leaf MOS RAW'],
  ['MAMIYA', 'Mamiya MEF RAW'],
  ['SEIKO EPSON', 'Epson ERF RAW'],
  ['PHASE ONE', 'Phase One IIQ RAW'],
  ['OLYMPUS', 'Olympus ORF RAW'],
  ['PANASONIC', 'Panasonic RW2 RAW'],
];

/** The maximum number of directories searched for RAW data; RAW files put it in the first few. */
const MAX_SEARCHED_IFDS = 64;

/**
 * Returns the name of the camera RAW format a TIFF-based file is, or null for an ordinary TIFF
 * (and for bytes that are no TIFF). Some RAW formats have their own header: Olympus ORF,
 * Panasonic RW2, and Canon CR2 with `CR` after the TIFF header. DNG has DNGVersion in IFD0.
 * The others have sensor data in a page or SubIFD, which shows as a CFA or LinearRaw
 * photometric interpretation, a vendor RAW compression, or a CFA or DNGPrivateData tag, and
 * the Make tag names their format. Make alone decides nothing, because cameras and scanners
 * also write ordinary RGB TIFFs.
 */
export function detectTiffRawFormat(bytes: Uint8Array): string | null {
  const header = String.fromCharCode(...bytes.subarray(0, 4));
  if (['IIRO', 'IIRS', 'MMOR'].includes(header)) {
    return 'Olympus ORF RAW';
  }
  if (header === 'IIU\0') {
    return 'Panasonic RW2 RAW';
  }
  const reader = TiffReader.open(bytes);
  if (reader === null) {
    return null;
  }
  if (bytes[8] === 0x43 && bytes[9] === 0x52) {
    return 'Canon CR2 RAW'; // "CR"
  }
  const ifd0 = readIfd(reader, reader.firstIfdOffset)?.entries ?? [];
  if (ifd0.some((entry) => entry.tag === TIFF_TAG.dngVersion)) {
    return 'DNG';
  }
  if (!hasRawImageData(reader)) {
    return null;
  }
  const makeEntry = ifd0.find((entry) => entry.tag === TIFF_TAG.make);
  const make = makeEntry === undefined ? '' : (readIfdAscii(reader, makeEntry) ?? '');
  const normalized = make.trim().toUpperCase();
  const match = LABELS_BY_MAKE.find(([prefix]) => normalized.startsWith(prefix));
  return match?.[1] ?? 'camera RAW';
}

/** Searches the page chain and the SubIFDs it points to, breadth first, for sensor data. */
function hasRawImageData(reader: TiffReader): boolean {
  const queue: number[] = [reader.firstIfdOffset];
  const visited = new Set<number>();
  while (queue.length > 0 && visited.size < MAX_SEARCHED_IFDS) {
    const offset = queue.shift() ?? 0;
    if (offset < 8 || visited.has(offset)) {
      continue;
    }
    visited.add(offset);
    const ifd = readIfd(reader, offset);
    if (ifd === null) {
      continue;
    }
    if (ifd.entries.some((entry) => isRawMarker(reader, entry))) {
      return true;
    }
    const subIfds = ifd.entries.find((entry) => entry.tag === TIFF_TAG.subIfds);
    const isSearchable = subIfds !== undefined && subIfds.count <= MAX_SEARCHED_IFDS;
    queue.push(ifd.nextIfdOffset, ...(isSearchable ? readSubIfdOffsets(reader, subIfds) : []));
  }
  return false;
}

function isRawMarker(reader: TiffReader, entry: IfdEntry): boolean {
  if (RAW_TAGS.has(entry.tag)) {
    return true;
  }
  if (entry.tag === TIFF_TAG.photometricInterpretation) {
    return RAW_PHOTOMETRICS.has(readIfdInteger(reader, entry) ?? 0);
  }
  if (entry.tag === TIFF_TAG.compression) {
    return RAW_COMPRESSIONS.has(readIfdInteger(reader, entry) ?? 0);
  }
  return false;
}
