import { readIfd } from './read-ifd.js';
import { TiffReader } from './tiff-reader.js';

/** A signed rational as EXIF stores it: numerator and denominator, each a signed 32-bit integer. */
export type SignedRational = readonly [numerator: number, denominator: number];

/**
 * The two values of Apple's MakerNote that HDR renderers read beside a gain map: HDRHeadroom
 * (tag 0x0021) and HDRGain (tag 0x0030), both `rational64s` in ExifTool's Apple tag table.
 */
export interface AppleHdrValues {
  readonly headroom: SignedRational | null;
  readonly gain: SignedRational | null;
}

/** "Apple iOS\0", version 1 and "MM": the 14 bytes before the MakerNote's IFD. */
const HEADER = Buffer.from('Apple iOS\0\0\x01MM', 'latin1');

const HDR_HEADROOM_TAG = 0x0021;
const HDR_GAIN_TAG = 0x0030;
const SRATIONAL_TYPE = 10;

/**
 * Reads HDRHeadroom and HDRGain from an Apple MakerNote (the value of EXIF tag 0x927C). Offsets
 * in it count from the start of the MakerNote, and Apple writes it big-endian after its header.
 * Returns null when `makerNote` is not an Apple MakerNote or contains neither value as one signed
 * rational.
 */
export function readAppleHdrValues(makerNote: Uint8Array): AppleHdrValues | null {
  if (!Buffer.from(makerNote.subarray(0, HEADER.length)).equals(HEADER)) {
    return null;
  }
  // A TIFF reader over the MakerNote with a fake header gives bounds-checked big-endian reads.
  const withHeader = Buffer.concat([Buffer.from('MM\0*\0\0\0\x08', 'latin1'), makerNote]);
  const reader = TiffReader.open(withHeader);
  const ifd = reader === null ? null : readIfd(reader, 8 + HEADER.length);
  if (reader === null || ifd === null) {
    return null;
  }
  const readRational = (tag: number): SignedRational | null => {
    const entry = ifd.entries.find((candidate) => candidate.tag === tag);
    if (entry?.type !== SRATIONAL_TYPE || entry.count !== 1) {
      return null;
    }
    const value = reader.readBytes(8 + entry.valueOffset, 8);
    if (value === null) {
      return null;
    }
    const view = new DataView(value.buffer, value.byteOffset, 8);
    return [view.getInt32(0), view.getInt32(4)];
  };
  const headroom = readRational(HDR_HEADROOM_TAG);
  const gain = readRational(HDR_GAIN_TAG);
  return headroom === null && gain === null ? null : { headroom, gain };
}

/**
 * Builds an Apple MakerNote that contains only HDRHeadroom and HDRGain (those not null), in
 * Apple's layout: the header, a big-endian IFD, then the 8-byte values, with offsets counted
 * from the start of the MakerNote.
 *
 * @throws RangeError when a value is not a pair of signed 32-bit integers, or both are null.
 */
export function buildAppleMakerNote(values: AppleHdrValues): Uint8Array {
  const fields = [
    [HDR_HEADROOM_TAG, values.headroom],
    [HDR_GAIN_TAG, values.gain],
  ].filter((field): field is [number, SignedRational] => field[1] !== null);
  if (fields.length === 0) {
    throw new RangeError('`values` must hold a headroom or a gain; received neither');
  }
  const ifdSize = 2 + fields.length * 12 + 4;
  const bytes = new Uint8Array(HEADER.length + ifdSize + fields.length * 8);
  const view = new DataView(bytes.buffer);
  bytes.set(HEADER);
  view.setUint16(HEADER.length, fields.length);
  fields.forEach(([tag, rational], index) => {
    checkRational(rational);
    const entry = HEADER.length + 2 + index * 12;
    const valueOffset = HEADER.length + ifdSize + index * 8;
    view.setUint16(entry, tag);
    view.setUint16(entry + 2, SRATIONAL_TYPE);
    view.setUint32(entry + 4, 1);
    view.setUint32(entry + 8, valueOffset);
    view.setInt32(valueOffset, rational[0]);
    view.setInt32(valueOffset + 4, rational[1]);
  });
  return bytes;
}

function checkRational(rational: SignedRational): void {
  const isInt32 = (value: number): boolean =>
    Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff;
  if (!isInt32(rational[0]) || !isInt32(rational[1])) {
    throw new RangeError(
      `\`values\` must hold signed 32-bit rationals; received ${rational[0]}/${rational[1]}`,
    );
  }
}
