import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  readPngTextBody,
  readPngTextKeyword,
  type PngTextBody,
} from '../../../src/strip/png/read-png-text.js';
import {
  compressedTextChunk,
  internationalTextChunk,
  textChunk,
} from '../../helpers/png-chunks.js';

const decode = (body: PngTextBody): string =>
  typeof body === 'string' ? body : Buffer.from(body).toString('utf8');

const BOUND = 1024;

describe('readPngTextKeyword', () => {
  it('reads the keyword before the first NUL', () => {
    expect(readPngTextKeyword(textChunk('Raw profile type exif', 'x').data)).toBe(
      'Raw profile type exif',
    );
  });

  it('returns an empty keyword without a NUL', () => {
    expect(readPngTextKeyword(Buffer.from('no separator'))).toBe('');
  });

  it('returns an empty keyword when it is longer than 79 bytes', () => {
    expect(readPngTextKeyword(textChunk('k'.repeat(80), 'x').data)).toBe('');
  });
});

describe('readPngTextBody', () => {
  it('reads a tEXt body as is', () => {
    const chunk = textChunk('Comment', 'plain words');
    expect(decode(readPngTextBody(chunk.type, chunk.data, BOUND))).toBe('plain words');
  });

  it('inflates a zTXt body', () => {
    const chunk = compressedTextChunk('Comment', 'squeezed words');
    expect(decode(readPngTextBody(chunk.type, chunk.data, BOUND))).toBe('squeezed words');
  });

  it('reads an uncompressed iTXt body', () => {
    const chunk = internationalTextChunk('Comment', 'grüße');
    expect(decode(readPngTextBody(chunk.type, chunk.data, BOUND))).toBe('grüße');
  });

  it('inflates a compressed iTXt body', () => {
    const chunk = internationalTextChunk('Comment', 'grüße, compressed', true);
    expect(decode(readPngTextBody(chunk.type, chunk.data, BOUND))).toBe('grüße, compressed');
  });

  it('returns invalid for a broken zlib stream', () => {
    const data = Buffer.concat([Buffer.from('Comment\0\0'), Buffer.from('not zlib')]);
    expect(readPngTextBody('zTXt', data, BOUND)).toBe('invalid');
  });

  it('returns invalid for an unknown compression method', () => {
    const data = Buffer.concat([Buffer.from('Comment\0\x01'), deflateSync(Buffer.from('x'))]);
    expect(readPngTextBody('zTXt', data, BOUND)).toBe('invalid');
  });

  it('returns too-large for a zlib stream that inflates past the bound', () => {
    const bomb = deflateSync(Buffer.alloc(40 * 1024 * 1024));
    const data = Buffer.concat([Buffer.from('Comment\0\0'), bomb]);
    expect(readPngTextBody('zTXt', data, 4 * 1024 * 1024)).toBe('too-large');
  });

  it('returns too-large for an uncompressed body past the bound', () => {
    const chunk = textChunk('Comment', 'w'.repeat(BOUND + 1));
    const international = internationalTextChunk('Comment', 'w'.repeat(BOUND + 1));

    expect(readPngTextBody(chunk.type, chunk.data, BOUND)).toBe('too-large');
    expect(readPngTextBody(international.type, international.data, BOUND)).toBe('too-large');
    expect(decode(readPngTextBody(chunk.type, chunk.data, BOUND + 1))).toHaveLength(BOUND + 1);
  });

  it('returns invalid for an iTXt without its language fields', () => {
    expect(readPngTextBody('iTXt', Buffer.from('Comment\0\0\0en'), BOUND)).toBe('invalid');
  });
});
