import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  buildAppleMakerNote,
  readAppleHdrValues,
} from '../../../src/strip/exif/apple-maker-note.js';
import { buildMinimalExif } from '../../../src/strip/exif/build-minimal-exif.js';
import { inspectExif } from '../../../src/strip/exif/inspect-exif.js';
import { corpusFile } from '../../helpers/corpus.js';

const APPLE_HEIC = corpusFile('files/ianare-exif-samples/iphone_13_pro_max.HEIC');

describe('buildAppleMakerNote', () => {
  it('round-trips both values', () => {
    const values = { headroom: [3, 2] as const, gain: [-7, 100] as const };

    expect(readAppleHdrValues(buildAppleMakerNote(values))).toEqual(values);
  });

  it('writes only the values given', () => {
    const note = buildAppleMakerNote({ headroom: [1, 1], gain: null });

    expect(readAppleHdrValues(note)).toEqual({ headroom: [1, 1], gain: null });
    expect(note.length).toBe(14 + 2 + 12 + 4 + 8);
  });

  it('rejects no values and values beyond 32 bits', () => {
    expect(() => buildAppleMakerNote({ headroom: null, gain: null })).toThrow(RangeError);
    expect(() => buildAppleMakerNote({ headroom: [2 ** 31, 1], gain: null })).toThrow(RangeError);
  });
});

describe('readAppleHdrValues', () => {
  it('returns null for another maker note', () => {
    expect(
      readAppleHdrValues(Buffer.from('Nikon\0\x02\x10\0\0MM\0*\0\0\0\x08', 'latin1')),
    ).toBeNull();
  });

  it('returns null for a truncated Apple maker note', () => {
    const note = buildAppleMakerNote({ headroom: [3, 2], gain: [1, 2] });

    expect(readAppleHdrValues(note.subarray(0, 20))).toBeNull();
  });

  it.runIf(APPLE_HEIC !== null)('reads both values from an iPhone HEIC', async () => {
    const bytes = await readFile(APPLE_HEIC ?? '');
    const start = bytes.indexOf('Apple iOS\0');

    const values = readAppleHdrValues(bytes.subarray(start));

    expect(values?.headroom).toHaveLength(2);
    expect(values?.gain).toHaveLength(2);
  });
});

describe('inspectExif with an Apple maker note', () => {
  it('counts our reduced maker note as minimal', () => {
    const appleHdr = { headroom: [3, 2] as const, gain: [1, 2] as const };
    const tiff = buildMinimalExif({ orientation: 6, appleHdr });

    const inspection = inspectExif(tiff ?? new Uint8Array(0));

    expect(inspection.appleHdr).toEqual(appleHdr);
    expect([...inspection.kinds]).toEqual(['maker-notes']);
    expect([...inspection.kindsBeyondMinimal]).toEqual([]);
  });
});
