import { describe, expect, it } from 'vitest';
import { classifyJpegTrailer } from '../../../src/strip/jpeg/classify-jpeg-trailer.js';
import { createMp4 } from './jpeg-fixtures.js';

describe('classifyJpegTrailer', () => {
  it('recognises an appended MP4', () => {
    expect(classifyJpegTrailer(createMp4())).toBe('motion-photo');
  });

  it('recognises an MP4 behind other data', () => {
    const trailer = Buffer.concat([Buffer.alloc(100, 7), createMp4()]);

    expect(classifyJpegTrailer(trailer)).toBe('motion-photo');
  });

  it('recognises the Samsung Motion Photo marker', () => {
    expect(classifyJpegTrailer(Buffer.from('xxMotionPhoto_Dataxx', 'latin1'))).toBe('motion-photo');
  });

  it('treats other data as a plain trailer', () => {
    expect(classifyJpegTrailer(Buffer.from('text that mentions ftyp once', 'latin1'))).toBe(
      'trailer',
    );
    expect(classifyJpegTrailer(Buffer.alloc(64))).toBe('trailer');
  });
});
