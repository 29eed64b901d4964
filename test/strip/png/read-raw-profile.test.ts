import { describe, expect, it } from 'vitest';
import { findTiffStructure } from '../../../src/strip/png/find-tiff-structure.js';
import { readRawProfile } from '../../../src/strip/png/read-raw-profile.js';
import { formatRawProfile, orientationTiff } from '../../helpers/png-chunks.js';

describe('readRawProfile', () => {
  it('decodes the hex lines ImageMagick writes', () => {
    const profile = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), orientationTiff(6)]);
    const body = Buffer.from(formatRawProfile('exif', profile), 'latin1');

    expect(Buffer.from(readRawProfile(body) ?? []).equals(profile)).toBe(true);
  });

  it('decodes a profile that spans many lines', () => {
    const profile = Buffer.from(Array.from({ length: 500 }, (_, i) => i % 256));
    const body = Buffer.from(formatRawProfile('iptc', profile), 'latin1');

    expect(Buffer.from(readRawProfile(body) ?? []).equals(profile)).toBe(true);
  });

  it('rejects a body with fewer bytes than declared', () => {
    expect(readRawProfile(Buffer.from('\nexif\n      10\n0102\n'))).toBeNull();
  });

  it('rejects a body with characters that are not hex', () => {
    expect(readRawProfile(Buffer.from('\nexif\n       2\n01zz\n'))).toBeNull();
  });

  it('rejects text that is not a raw profile', () => {
    expect(readRawProfile(Buffer.from('a plain comment'))).toBeNull();
  });
});

describe('findTiffStructure', () => {
  it('skips the Exif header', () => {
    const tiff = orientationTiff(3);
    const found = findTiffStructure(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
    expect(Buffer.from(found ?? []).equals(tiff)).toBe(true);
  });

  it('accepts a bare TIFF header in either byte order', () => {
    expect(findTiffStructure(orientationTiff(3))).not.toBeNull();
    expect(findTiffStructure(Buffer.from('II*\0\x08\0\0\0', 'latin1'))).not.toBeNull();
  });

  it('returns null without a TIFF byte-order mark', () => {
    expect(findTiffStructure(Buffer.from('Exif\0\0XX*\0', 'latin1'))).toBeNull();
  });
});
