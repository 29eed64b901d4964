import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPngTextBody, readPngTextKeyword } from '../../../src/strip/png/read-png-text.js';
import {
  compressedTextChunk,
  internationalTextChunk,
  textChunk,
} from '../../helpers/png-chunks.js';

const decode = (bytes: Uint8Array | null): string | null =>
  bytes === null ? null : Buffer.from(bytes).toString('utf8');

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
    expect(decode(readPngTextBody(chunk.type, chunk.data))).toBe('plain words');
  });

  it('inflates a zTXt body', () => {
    const chunk = compressedTextChunk('Comment', 'squeezed words');
    expect(decode(readPngTextBody(chunk.type, chunk.data))).toBe('squeezed words');
  });

  it('reads an uncompressed iTXt body', () => {
    const chunk = internationalTextChunk('Comment', 'grüße');
    expect(decode(readPngTextBody(chunk.type, chunk.data))).toBe('grüße');
  });

  it('inflates a compressed iTXt body', () => {
    const chunk = internationalTextChunk('Comment', 'grüße, compressed', true);
    expect(decode(readPngTextBody(chunk.type, chunk.data))).toBe('grüße, compressed');
  });

  it('returns null for a broken zlib stream', () => {
    const data = Buffer.concat([Buffer.from('Comment\0\0'), Buffer.from('not zlib')]);
    expect(readPngTextBody('zTXt', data)).toBeNull();
  });

  it('returns null for an unknown compression method', () => {
    const data = Buffer.concat([Buffer.from('Comment\0\x01'), deflateSync(Buffer.from('x'))]);
    expect(readPngTextBody('zTXt', data)).toBeNull();
  });

  it('returns null for a zlib stream that inflates past 32 MiB', () => {
    const bomb = deflateSync(Buffer.alloc(40 * 1024 * 1024));
    const data = Buffer.concat([Buffer.from('Comment\0\0'), bomb]);
    expect(readPngTextBody('zTXt', data)).toBeNull();
  });

  it('returns null for an iTXt without its language fields', () => {
    expect(readPngTextBody('iTXt', Buffer.from('Comment\0\0\0en'))).toBeNull();
  });
});
