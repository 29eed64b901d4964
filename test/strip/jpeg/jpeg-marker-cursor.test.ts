import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { JpegMarkerCursor, MAX_JPEG_SEGMENTS } from '../../../src/strip/jpeg/jpeg-marker-cursor.js';
import { createJpeg, createSegment, insertAfterSoi } from './jpeg-fixtures.js';

let base: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  base = await createJpeg({ progressive: true });
});

/** Walks `bytes` to EOI and returns each segment's marker, offset, end and scan end. */
function walk(bytes: Uint8Array): number[][] {
  const cursor = new JpegMarkerCursor(bytes);
  const visited: number[][] = [];
  while (cursor.next()) {
    visited.push([cursor.marker, cursor.offset, cursor.end, cursor.scanEnd]);
  }
  visited.push([cursor.marker, cursor.offset, cursor.end]);
  return visited;
}

function captureErrorCode(action: () => unknown): string | null {
  try {
    action();
  } catch (error) {
    return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
  }
  return null;
}

describe('JpegMarkerCursor', () => {
  it('visits segments back to back up to EOI', () => {
    const visited = walk(base);

    let expectedOffset = 2;
    for (const [marker, offset, end, scanEnd] of visited.slice(0, -1)) {
      expect(offset).toBe(expectedOffset);
      expect(end).toBe((offset ?? 0) + 2 + base.readUInt16BE((offset ?? 0) + 2));
      expect(scanEnd === end).toBe(marker !== 0xda);
      expect(base[offset ?? 0]).toBe(0xff);
      expect(base[(offset ?? 0) + 1]).toBe(marker);
      expectedOffset = scanEnd ?? 0;
    }
    expect(visited.at(-1)).toEqual([0xd9, base.length - 2, base.length]);
  });

  it('reports fill bytes before a marker', () => {
    const cursor = new JpegMarkerCursor(insertAfterSoi(base, Buffer.from([0xff, 0xff])));

    expect(cursor.next()).toBe(true);
    expect(cursor.offset).toBe(4);
    expect(cursor.hasFillBytes).toBe(true);
  });

  it('stops at the segment limit', () => {
    const comment = createSegment(0xfe, '');
    const padded = insertAfterSoi(base, Buffer.alloc(comment.length * MAX_JPEG_SEGMENTS, comment));

    expect(captureErrorCode(() => walk(padded))).toBe('E_CORRUPT');
  });

  it('rejects a file without SOI', () => {
    expect(captureErrorCode(() => new JpegMarkerCursor(base.subarray(2)))).toBe('E_CORRUPT');
  });
});
