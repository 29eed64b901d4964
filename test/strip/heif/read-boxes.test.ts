import { describe, expect, it } from 'vitest';
import {
  readBoxes,
  readFullBoxHeader,
  readTopLevelBoxes,
} from '../../../src/strip/heif/read-boxes.js';
import { getErrorCode } from './get-error-code.js';
import { box, fullBox, uint } from './heif-test-files.js';

function readTopLevel(bytes: Uint8Array) {
  return readTopLevelBoxes(bytes);
}

describe('readTopLevelBoxes and readBoxes', () => {
  it('reads boxes with their payload offsets', () => {
    const bytes = Buffer.concat([box('ftyp', Buffer.from('heic')), box('mdat', Buffer.alloc(3))]);

    expect(readTopLevel(bytes)).toEqual([
      { type: 'ftyp', start: 0, payloadStart: 8, end: 12 },
      { type: 'mdat', start: 12, payloadStart: 20, end: 23 },
    ]);
  });

  it('reads a 64-bit size', () => {
    const large = Buffer.concat([uint(4, 1), Buffer.from('mdat'), uint(8, 20), Buffer.alloc(4)]);

    expect(readTopLevel(large)).toEqual([{ type: 'mdat', start: 0, payloadStart: 16, end: 20 }]);
  });

  it('runs a top-level box of size 0 to the end of the file', () => {
    const bytes = Buffer.concat([
      box('ftyp', Buffer.from('heic')),
      uint(4, 0),
      Buffer.from('mdat'),
      Buffer.alloc(100),
    ]);

    expect(readTopLevel(bytes).at(-1)).toEqual({
      type: 'mdat',
      start: 12,
      payloadStart: 20,
      end: 120,
    });
  });

  it('rejects a nested box of size 0 as corrupt', () => {
    const parent = Buffer.concat([uint(4, 0), Buffer.from('hdlr'), Buffer.alloc(8)]);

    expect(getErrorCode(() => readBoxes(parent, 0, 8, "the 'meta' box"))).toBe('E_CORRUPT');
  });

  it('rejects a top-level box past the end as truncated', () => {
    const bytes = box('mdat', Buffer.alloc(32)).subarray(0, 20);

    expect(getErrorCode(() => readTopLevel(bytes))).toBe('E_TRUNCATED');
  });

  it('rejects a top-level header cut short as truncated', () => {
    const bytes = Buffer.concat([box('ftyp', Buffer.from('heic')), Buffer.from([0, 0, 0])]);

    expect(getErrorCode(() => readTopLevel(bytes))).toBe('E_TRUNCATED');
  });

  it('rejects a nested box past its parent as corrupt', () => {
    const child = box('infe', Buffer.alloc(16));
    const claimsMore = Buffer.from(child);
    claimsMore.writeUInt32BE(0x0800_0000, 0);
    const parent = box('iinf', claimsMore);

    expect(getErrorCode(() => readBoxes(parent, 8, parent.length, "the 'iinf' box"))).toBe(
      'E_CORRUPT',
    );
  });

  it('rejects a 128 MB claim in a small file quickly', () => {
    const bytes = Buffer.concat([box('ftyp', Buffer.from('heic')), uint(4, 128 * 1024 * 1024)]);
    const started = performance.now();

    expect(getErrorCode(() => readTopLevel(Buffer.concat([bytes, Buffer.from('mdat')])))).toBe(
      'E_TRUNCATED',
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it.each([
    ['size 4', Buffer.concat([uint(4, 4), Buffer.from('free')])],
    ['64-bit size below 16', Buffer.concat([uint(4, 1), Buffer.from('free'), uint(8, 8)])],
    [
      '64-bit size beyond 2^53',
      Buffer.concat([uint(4, 1), Buffer.from('free'), uint(4, 0x400000, 0)]),
    ],
  ])('rejects %s as corrupt', (_name, bytes) => {
    expect(getErrorCode(() => readTopLevel(bytes))).toBe('E_CORRUPT');
  });

  it('rejects bytes too few for a nested box as corrupt', () => {
    const parent = Buffer.concat([box('pitm', Buffer.alloc(6)), Buffer.alloc(3)]);

    expect(getErrorCode(() => readBoxes(parent, 0, parent.length, "the 'meta' box"))).toBe(
      'E_CORRUPT',
    );
  });
});

describe('readFullBoxHeader', () => {
  it('reads version and flags', () => {
    const bytes = fullBox('ipma', 1, 0x000001, uint(4, 0));
    const [ipma] = readTopLevel(bytes);
    if (ipma === undefined) {
      throw new Error('no box read');
    }

    expect(readFullBoxHeader(bytes, ipma)).toEqual({
      version: 1,
      flags: 1,
      contentStart: 12,
    });
  });
});
