import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  FrameDecoder,
  MAX_FRAME_BYTES,
} from '../../../src/shared/protocol/frame-codec.js';
import { isAppError } from '../../../src/shared/errors.js';

function getErrorCode(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
}

describe('encodeFrame', () => {
  it('writes one JSON line', () => {
    expect(encodeFrame({ type: 'hello', protocol: 1 })).toBe('{"type":"hello","protocol":1}\n');
  });

  it('accepts a frame of exactly the limit', () => {
    const padding = 'a'.repeat(MAX_FRAME_BYTES - '{"p":""}'.length);
    expect(encodeFrame({ p: padding })).toHaveLength(MAX_FRAME_BYTES + 1);
  });

  it('rejects a frame one byte over the limit', () => {
    const padding = 'a'.repeat(MAX_FRAME_BYTES - '{"p":""}'.length + 1);
    expect(getErrorCode(() => encodeFrame({ p: padding }))).toBe('E_FRAME_TOO_LARGE');
  });

  it('counts multi-byte characters in bytes', () => {
    const padding = 'é'.repeat(MAX_FRAME_BYTES / 2);
    expect(getErrorCode(() => encodeFrame({ p: padding }))).toBe('E_FRAME_TOO_LARGE');
  });
});

describe('FrameDecoder', () => {
  it('splits frames at newlines', () => {
    const decoder = new FrameDecoder();
    const frames = decoder.push(Buffer.from('{"a":1}\n{"b":2}\n'));
    expect(frames).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: true, value: { b: 2 } },
    ]);
  });

  it('joins a frame split across chunks', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.from('{"na'))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(4);
    expect(decoder.push(Buffer.from('me":"x"}\n{"c"'))).toEqual([
      { ok: true, value: { name: 'x' } },
    ]);
    expect(decoder.push(Buffer.from(':3}\n'))).toEqual([{ ok: true, value: { c: 3 } }]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('joins a character split across chunks', () => {
    const decoder = new FrameDecoder();
    const bytes = Buffer.from('{"s":"é"}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    decoder.push(bytes.subarray(0, cut));
    expect(decoder.push(bytes.subarray(cut))).toEqual([{ ok: true, value: { s: 'é' } }]);
  });

  it('skips blank lines', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.from('\n  \n{"a":1}\r\n'))).toEqual([{ ok: true, value: { a: 1 } }]);
  });

  it('reports invalid JSON and goes on', () => {
    const decoder = new FrameDecoder();
    const [bad, good] = decoder.push(Buffer.from('{not json\n{"a":1}\n'));
    expect(bad?.ok).toBe(false);
    expect(bad?.ok === false ? bad.error.code : null).toBe('E_PROTOCOL');
    expect(good).toEqual({ ok: true, value: { a: 1 } });
  });

  it('accepts a frame of exactly the limit', () => {
    const decoder = new FrameDecoder();
    const line = encodeFrame({ p: 'a'.repeat(MAX_FRAME_BYTES - '{"p":""}'.length) });
    expect(decoder.push(Buffer.from(line))).toHaveLength(1);
  });

  it('rejects a frame over the limit before its newline', () => {
    const decoder = new FrameDecoder();
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let code: string | null = null;
    for (let sent = 0; sent <= MAX_FRAME_BYTES && code === null; sent += chunk.length) {
      code = getErrorCode(() => decoder.push(chunk));
    }
    expect(code).toBe('E_FRAME_TOO_LARGE');
  });
});
