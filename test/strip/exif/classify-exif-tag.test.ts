import { describe, expect, it } from 'vitest';
import { classifyExifTag } from '../../../src/strip/exif/classify-exif-tag.js';
import { isExifCopyright, isExifDate, isExifOffset } from '../../../src/strip/exif/exif-values.js';

describe('classifyExifTag', () => {
  it.each([
    ['ifd0', 0x010f, 'camera-model'],
    ['exif', 0xa431, 'camera-serial'],
    ['exif', 0xa420, 'camera-serial'],
    ['ifd0', 0x013b, 'owner'],
    ['exif', 0x9003, 'datetime'],
    ['ifd0', 0x0131, 'software'],
    ['exif', 0x927c, 'maker-notes'],
    ['exif', 0x9286, 'comment'],
    ['exif', 0x829a, 'exif-other'],
    ['gps', 0x0002, 'gps'],
    ['thumbnail', 0x0103, 'thumbnail'],
    ['interop', 0x0001, 'exif-other'],
  ] as const)('%s tag %i', (role, tag, kind) => {
    expect(classifyExifTag(role, tag)).toBe(kind);
  });
});

describe('EXIF value checks', () => {
  it('accepts only complete EXIF dates', () => {
    expect(isExifDate('2024:05:01 13:45:00')).toBe(true);
    expect(isExifDate('2024-05-01 13:45:00')).toBe(false);
    expect(isExifDate('    :  :     :  :  ')).toBe(false);
  });

  it('accepts only signed hour offsets', () => {
    expect(isExifOffset('+02:00')).toBe(true);
    expect(isExifOffset('02:00')).toBe(false);
  });

  it('accepts latin1 copyright text without NULs at the ends', () => {
    expect(isExifCopyright('Photographer\0Editor')).toBe(true);
    expect(isExifCopyright('\0Editor')).toBe(false);
    expect(isExifCopyright('')).toBe(false);
    expect(isExifCopyright('\u0141')).toBe(false);
  });
});
