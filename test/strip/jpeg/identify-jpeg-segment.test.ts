import { describe, expect, it } from 'vitest';
import { identifyJpegSegment } from '../../../src/strip/jpeg/identify-jpeg-segment.js';
import type { JpegSegment } from '../../../src/strip/jpeg/read-jpeg-segments.js';

function createSegment(marker: number, payload: string): JpegSegment {
  const bytes = Buffer.from(payload, 'latin1');
  return { marker, offset: 2, bytes, payload: bytes, scanData: new Uint8Array(0) };
}

describe('identifyJpegSegment', () => {
  const cases: readonly (readonly [number, string, string])[] = [
    [0xe0, 'JFIF\0\x01\x02', 'jfif'],
    [0xe0, 'JFXX\0\x10', 'jfxx'],
    [0xe0, 'AVI1', 'other'],
    [0xe1, 'Exif\0\0MM', 'exif'],
    [0xe1, 'http://ns.adobe.com/xap/1.0/\0<x/>', 'xmp'],
    [0xe1, 'http://ns.adobe.com/xmp/extension/\0', 'xmp-extended'],
    [0xe2, 'ICC_PROFILE\0\x01\x01', 'icc'],
    [0xe2, 'MPF\0MM', 'mpf'],
    [0xe2, 'FPXR\0', 'other'],
    [0xeb, 'JP\0\x01', 'jumbf'],
    [0xeb, 'HDR_RI ver=1', 'other'],
    [0xed, 'Photoshop 3.0\0', 'photoshop'],
    [0xee, 'Adobe\0\x64', 'adobe'],
    [0xef, 'Q 70', 'other'],
    [0xfe, 'a comment', 'comment'],
    [0xc2, '', 'image'],
    [0xdd, '', 'image'],
    [0xf0, '', 'extension'],
  ];

  it.each(
    cases.map(
      ([marker, payload, role]) =>
        [`0x${marker.toString(16)} as ${role}`, marker, payload, role] as const,
    ),
  )('%s', (_title, marker, payload, role) => {
    expect(identifyJpegSegment(createSegment(marker, payload))).toBe(role);
  });

  it('matches identifiers only under their own marker', () => {
    expect(identifyJpegSegment(createSegment(0xe2, 'Exif\0\0'))).toBe('other');
    expect(identifyJpegSegment(createSegment(0xe1, 'ICC_PROFILE\0'))).toBe('other');
  });
});
