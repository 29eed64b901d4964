import type { ImageFormat } from './strip-result.js';
import { detectTiffRawFormat } from './tiff/detect-tiff-raw-format.js';

/** The format of a file, as identified from its first bytes. */
export type SniffResult =
  | { readonly kind: 'supported'; readonly format: ImageFormat }
  /** A format MetaClear recognises but cannot clean, named for messages (`'HEIF'`, `'PDF'`). */
  | { readonly kind: 'unsupported'; readonly label: string }
  | { readonly kind: 'unknown' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The 12-byte signature box of the JPEG XL container (ISO/IEC 18181-2). */
const JXL_CONTAINER_SIGNATURE = [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
/** The 12-byte signature box of JPEG 2000 (ISO/IEC 15444-1). */
const JP2_SIGNATURE = [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
/** BITMAPCOREHEADER, BITMAPINFOHEADER and its later versions, by their declared size. */
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/**
 * Identifies a file's format from its magic bytes, never from its name. JPEG, PNG, WebP,
 * GIF, classic TIFF, and HEIF and AVIF (both format `heif`) are `supported`. BigTIFF, camera
 * RAW, JPEG XL, JPEG 2000, PDF, MP4 and QuickTime video, and BMP are `unsupported` with a
 * label. Anything else is `unknown`.
 */
export function sniffFormat(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return { kind: 'supported', format: 'jpeg' };
  }
  if (startsWith(bytes, PNG_SIGNATURE)) {
    return { kind: 'supported', format: 'png' };
  }
  if (readAscii(bytes, 0, 4) === 'RIFF' && readAscii(bytes, 8, 4) === 'WEBP') {
    return { kind: 'supported', format: 'webp' };
  }
  if (['GIF87a', 'GIF89a'].includes(readAscii(bytes, 0, 6))) {
    return { kind: 'supported', format: 'gif' };
  }
  const tiff = sniffTiff(bytes);
  if (tiff !== null) {
    return tiff;
  }
  const label = sniffIsoBaseMediaFile(bytes) ?? sniffByMagic(bytes) ?? sniffBmp(bytes);
  if (label === 'HEIF' || label === 'AVIF') {
    return { kind: 'supported', format: 'heif' };
  }
  return label === null ? { kind: 'unknown' } : { kind: 'unsupported', label };
}

function sniffByMagic(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, JXL_CONTAINER_SIGNATURE)) {
    return 'JPEG XL';
  }
  if (startsWith(bytes, JP2_SIGNATURE)) {
    return 'JPEG 2000';
  }
  if (readAscii(bytes, 0, 5) === '%PDF-') {
    return 'PDF';
  }
  if (readAscii(bytes, 0, 4) === 'FORM' && readAscii(bytes, 8, 4) === 'CR3 ') {
    return 'Canon CR3 RAW';
  }
  return null;
}

/**
 * ISO-BMFF brands and the label they give, checked in this order against the major and every
 * compatible brand. The specific brands come first: an AVIF often lists the generic HEIF
 * brand `mif1` too, and a HEIF may list `iso8`.
 */
const BRAND_LABELS: readonly (readonly [readonly string[], string])[] = [
  [['avif', 'avis'], 'AVIF'],
  [['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'mif2'], 'HEIF'],
  [['jxl '], 'JPEG XL'],
  [['crx '], 'Canon CR3 RAW'],
  [['qt  '], 'QuickTime video'],
  [['3gp4', '3gp5', '3gp6', '3g2a'], '3GP video'],
  [
    ['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'M4A ', 'dash'],
    'MP4 video',
  ],
];

/**
 * Labels an ISO-BMFF file by the brands of its leading `ftyp` box, else by a box only JPEG XL
 * uses. QuickTime files without `ftyp` start with a `moov`, `mdat`, `wide`, `free` or `skip`
 * atom.
 */
function sniffIsoBaseMediaFile(bytes: Uint8Array): string | null {
  const boxType = readAscii(bytes, 4, 4);
  if (['moov', 'mdat', 'wide', 'free', 'skip'].includes(boxType)) {
    return 'QuickTime video';
  }
  if (boxType !== 'ftyp') {
    return null;
  }
  const boxSize = Math.min(readUint32(bytes, 0) ?? 0, bytes.length, 4096);
  const majorBrand = readAscii(bytes, 8, 4);
  const compatibleBrands: string[] = [];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    compatibleBrands.push(readAscii(bytes, offset, 4));
  }

  const brands = [majorBrand, ...compatibleBrands];
  const match = BRAND_LABELS.find(([labelBrands]) =>
    brands.some((brand) => labelBrands.includes(brand)),
  );
  if (match !== undefined) {
    return match[1];
  }
  return hasJpegXlBox(bytes) ? 'JPEG XL' : 'ISO-BMFF media';
}

/** Box types that only the JPEG XL container uses (ISO/IEC 18181-2). */
const JXL_BOX_TYPES: ReadonlySet<string> = new Set(['jxlc', 'jxlp', 'jxll', 'jxli', 'brob']);

/** The maximum number of top-level boxes {@link hasJpegXlBox} reads. */
const MAX_SNIFFED_BOXES = 64;

/**
 * Returns true when a top-level box is one only JPEG XL uses. This labels JPEG XL files whose
 * `ftyp` brand is damaged or generic, such as a fuzzed file with a `brob` metadata box.
 */
function hasJpegXlBox(bytes: Uint8Array): boolean {
  let offset = 0;
  for (let count = 0; count < MAX_SNIFFED_BOXES && offset + 8 <= bytes.length; count += 1) {
    if (JXL_BOX_TYPES.has(readAscii(bytes, offset + 4, 4))) {
      return true;
    }
    const size = readUint32(bytes, offset) ?? 0;
    if (size < 8) {
      return false;
    }
    offset += size;
  }
  return false;
}

/**
 * Sorts out TIFF-based files: camera RAW files (DNG, CR2, NEF, ARW, ORF, RW2, ...; see
 * detectTiffRawFormat) and BigTIFF are `unsupported`, any other classic TIFF is `supported`.
 * Returns null for bytes that start with no TIFF header.
 */
function sniffTiff(bytes: Uint8Array): SniffResult | null {
  const rawFormat = detectTiffRawFormat(bytes);
  if (rawFormat !== null) {
    return { kind: 'unsupported', label: rawFormat };
  }
  const header = readAscii(bytes, 0, 4);
  if (header === 'II+\0' || header === 'MM\0+') {
    return { kind: 'unsupported', label: 'BigTIFF' };
  }
  return header === 'II*\0' || header === 'MM\0*' ? { kind: 'supported', format: 'tiff' } : null;
}

/** Labels a Windows bitmap: `BM`, then a header size that a BMP header version uses. */
function sniffBmp(bytes: Uint8Array): string | null {
  const headerSize = readUint32LittleEndian(bytes, 14);
  return readAscii(bytes, 0, 2) === 'BM' && headerSize !== null && BMP_HEADER_SIZES.has(headerSize)
    ? 'BMP'
    : null;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** Reads `length` bytes as Latin-1, or '' when they run past the end. */
function readAscii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) {
    return '';
  }
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function readUint32(bytes: Uint8Array, offset: number): number | null {
  if (offset + 4 > bytes.length) {
    return null;
  }
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset);
}

function readUint32LittleEndian(bytes: Uint8Array, offset: number): number | null {
  if (offset + 4 > bytes.length) {
    return null;
  }
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true);
}
