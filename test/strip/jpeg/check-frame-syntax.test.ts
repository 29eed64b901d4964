import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { checkFrameSyntax } from '../../../src/strip/jpeg/check-frame-syntax.js';
import { readJpegSegments } from '../../../src/strip/jpeg/read-jpeg-segments.js';
import { createSegment } from './jpeg-fixtures.js';

const SCAN = Buffer.concat([
  createSegment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
  Buffer.of(0x12),
]);
const DNL = createSegment(0xdc, Buffer.from([0, 64]));

/** Builds a one-component frame header that gives `lines` lines. */
function createFrame(lines: number, marker = 0xc0): Buffer {
  return createSegment(marker, Buffer.from([8, lines >> 8, lines & 0xff, 0, 96, 1, 1, 0x11, 0]));
}

/** Walks SOI, `parts` and EOI, and checks the syntax. */
function check(...parts: Buffer[]): { misplacedDnlCount: number } {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8]), ...parts, Buffer.from([0xff, 0xd9])]);
  const syntax = checkFrameSyntax(readJpegSegments(bytes).segments);
  return { misplacedDnlCount: syntax.misplacedDnl.size };
}

function captureErrorCode(action: () => unknown): string | null {
  try {
    action();
  } catch (error) {
    return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
  }
  return null;
}

describe('checkFrameSyntax', () => {
  it('allows a DNL after the first scan', () => {
    expect(check(createFrame(0), SCAN, DNL, SCAN)).toEqual({ misplacedDnlCount: 0 });
  });

  it.each([
    ['before the first scan', [createFrame(0), DNL, SCAN]],
    ['after the second scan', [createFrame(0), SCAN, SCAN, DNL]],
    ['after another segment', [createFrame(0), SCAN, createSegment(0xfe, 'c'), DNL]],
    ['in a frame that gives its lines', [createFrame(64), SCAN, DNL]],
  ])('marks a DNL %s as misplaced', (_title, parts) => {
    expect(check(...parts)).toEqual({ misplacedDnlCount: 1 });
  });

  it.each([
    ['a scan before the frame header', [SCAN, createFrame(64), SCAN]],
    ['a frame without a scan', [createFrame(64)]],
    ['a second frame header', [createFrame(64), SCAN, createFrame(64), SCAN]],
    ['a malformed DNL', [createFrame(0), SCAN, createSegment(0xdc, Buffer.from([0, 64, 0]))]],
  ])('rejects %s as corrupt', (_title, parts) => {
    expect(captureErrorCode(() => check(...parts))).toBe('E_CORRUPT');
  });

  it.each([
    ['a differential frame header', [createFrame(64, 0xc5), SCAN]],
    ['an EXP segment', [createSegment(0xdf, Buffer.of(0x11)), createFrame(64), SCAN]],
  ])('rejects %s as unsupported', (_title, parts) => {
    expect(captureErrorCode(() => check(...parts))).toBe('E_UNSUPPORTED_FORMAT');
  });
});
