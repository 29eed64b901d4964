import { describe, expect, it } from 'vitest';
import { readIfd } from '../../../src/strip/exif/read-ifd.js';
import {
  readIfdAscii,
  readIfdInteger,
  readIfdPointer,
} from '../../../src/strip/exif/read-ifd-value.js';
import { TiffReader } from '../../../src/strip/exif/tiff-reader.js';

/** Little-endian TIFF with IFD0 at 8: Orientation 3, Artist "Ann" inline, a LONG pointer. */
function createTiff(): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4);
  tiff.write('II*\0', 0, 'latin1');
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(3, 8);
  const entries: [number, number, number, number | string][] = [
    [0x0112, 3, 1, 3],
    [0x013b, 2, 4, 'Ann\0'],
    [0x8769, 4, 1, 1234],
  ];
  entries.forEach(([tag, type, count, value], index) => {
    const offset = 10 + index * 12;
    tiff.writeUInt16LE(tag, offset);
    tiff.writeUInt16LE(type, offset + 2);
    tiff.writeUInt32LE(count, offset + 4);
    if (typeof value === 'string') {
      tiff.write(value, offset + 8, 'latin1');
    } else if (type === 3) {
      tiff.writeUInt16LE(value, offset + 8);
    } else {
      tiff.writeUInt32LE(value, offset + 8);
    }
  });
  return tiff;
}

describe('TiffReader', () => {
  it('rejects bytes without a TIFF header', () => {
    expect(TiffReader.open(Buffer.from('II*'))).toBeNull();
    expect(TiffReader.open(Buffer.from('XX*\0\x08\0\0\0'))).toBeNull();
    expect(TiffReader.open(Buffer.from('II\0*\x08\0\0\0'))).toBeNull();
  });

  it('returns null for reads out of bounds', () => {
    const reader = TiffReader.open(createTiff());

    expect(reader?.readUint32(reader.bytes.length - 2)).toBeNull();
    expect(reader?.readBytes(-1, 2)).toBeNull();
    expect(reader?.readUint16(0xffffffff)).toBeNull();
  });
});

describe('readIfd', () => {
  it('reads entries and their values', () => {
    const reader = TiffReader.open(createTiff());
    if (reader === null) {
      throw new Error('no reader');
    }

    const ifd = readIfd(reader, 8);
    const [orientation, artist, pointer] = ifd?.entries ?? [];

    expect(ifd?.isComplete).toBe(true);
    expect(orientation && readIfdInteger(reader, orientation)).toBe(3);
    expect(artist && readIfdAscii(reader, artist)).toBe('Ann');
    expect(pointer && readIfdPointer(reader, pointer)).toBe(1234);
  });

  it('returns the entries that fit a cut-off table', () => {
    const tiff = createTiff().subarray(0, 8 + 2 + 12 + 5);
    const reader = TiffReader.open(tiff);
    if (reader === null) {
      throw new Error('no reader');
    }

    const ifd = readIfd(reader, 8);

    expect(ifd?.entries.length).toBe(1);
    expect(ifd?.isComplete).toBe(false);
    expect(readIfd(reader, tiff.length - 1)).toBeNull();
  });

  it('reads no value of the wrong type', () => {
    const reader = TiffReader.open(createTiff());
    const ifd = reader === null ? null : readIfd(reader, 8);
    const [orientation, artist] = ifd?.entries ?? [];
    if (reader === null || orientation === undefined || artist === undefined) {
      throw new Error('no entries');
    }

    expect(readIfdAscii(reader, orientation)).toBeNull();
    expect(readIfdInteger(reader, artist)).toBeNull();
  });
});
