import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { MAX_JPEG_SCANS, MAX_JPEG_SEGMENTS } from '../../../src/strip/jpeg/jpeg-marker-cursor.js';
import { readJpegSegments } from '../../../src/strip/jpeg/read-jpeg-segments.js';
import { createJpeg, createSegment } from './jpeg-fixtures.js';

let base: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  base = await createJpeg();
});

function captureErrorCode(action: () => unknown): string | null {
  try {
    action();
  } catch (error) {
    return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
  }
  return null;
}

/** SOI, a frame header, a scan header, `scan` as entropy-coded data, then `tail`. */
function createSyntheticJpeg(scan: number[], tail: number[] = [0xff, 0xd9]): Buffer {
  const frame = createSegment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
  const scanHeader = createSegment(0xda, Buffer.from([1, 1, 0, 0, 63, 0]));
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    frame,
    scanHeader,
    Buffer.from(scan),
    Buffer.from(tail),
  ]);
}

describe('readJpegSegments', () => {
  it('lists the segments of a sharp JPEG in order', () => {
    const structure = readJpegSegments(base);

    const markers = structure.segments.map((segment) => segment.marker);
    expect(markers[0]).toBe(0xdb);
    expect(markers).toContain(0xc0);
    expect(markers.at(-1)).toBe(0xda);
    expect(structure.eoiEnd).toBe(base.length);
    expect(structure.trailer.length).toBe(0);
    expect(structure.hasFillBytes).toBe(false);
  });

  it('keeps stuffed bytes and restart markers inside the scan', () => {
    const scan = [
      0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0x00, 0x78, 0xff, 0xd7, 0x9a,
    ];
    const structure = readJpegSegments(createSyntheticJpeg(scan));

    const sos = structure.segments.at(-1);
    expect([...(sos?.scanData ?? [])]).toEqual(scan);
  });

  it('ends the scan at fill bytes before a marker', () => {
    const structure = readJpegSegments(createSyntheticJpeg([0x12, 0x34], [0xff, 0xff, 0xff, 0xd9]));

    expect([...(structure.segments.at(-1)?.scanData ?? [])]).toEqual([0x12, 0x34]);
    expect(structure.hasFillBytes).toBe(true);
  });

  it('walks progressive scans with tables between them', async () => {
    const progressive = await createJpeg({ progressive: true });

    const structure = readJpegSegments(progressive);

    const scans = structure.segments.filter((segment) => segment.marker === 0xda);
    expect(scans.length).toBeGreaterThan(2);
    expect(structure.eoiEnd).toBe(progressive.length);
  });

  it('returns the data after EOI as the trailer', () => {
    const structure = readJpegSegments(Buffer.concat([base, Buffer.from('after')]));

    expect(Buffer.from(structure.trailer).toString('latin1')).toBe('after');
  });

  it('reports every cut-off prefix as truncated', () => {
    const withSegment = Buffer.concat([
      base.subarray(0, 2),
      createSegment(0xe1, 'payload'),
      base.subarray(2),
    ]);

    for (let length = 2; length < withSegment.length; length += 1) {
      const code = captureErrorCode(() => readJpegSegments(withSegment.subarray(0, length)));
      expect(code, `cut at ${length}`).toBe('E_TRUNCATED');
    }
  });

  it.each([
    ['a missing SOI', Buffer.from([0x00, 0xd8, 0xff, 0xd9])],
    ['a stuffed byte outside a scan', Buffer.from([0xff, 0xd8, 0xff, 0x00, 0xff, 0xd9])],
    ['a second SOI', Buffer.from([0xff, 0xd8, 0xff, 0xd8, 0xff, 0xd9])],
    ['a restart marker outside a scan', Buffer.from([0xff, 0xd8, 0xff, 0xd0, 0xff, 0xd9])],
    ['a reserved marker', Buffer.from([0xff, 0xd8, 0xff, 0x9f, 0x00, 0x02, 0xff, 0xd9])],
    ['a length below 2', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x01, 0xff, 0xd9])],
    ['bytes between segments', Buffer.from([0xff, 0xd8, 0x00, 0xff, 0xd9])],
  ])('rejects %s as corrupt', (_title, bytes) => {
    expect(captureErrorCode(() => readJpegSegments(bytes))).toBe('E_CORRUPT');
  });

  it('rejects JPEG-LS as unsupported', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8]), createSegment(0xf7, Buffer.alloc(9))]);

    expect(captureErrorCode(() => readJpegSegments(bytes))).toBe('E_UNSUPPORTED_FORMAT');
  });

  it('rejects more segments than the limit as corrupt', () => {
    const emptyComment = Buffer.from([0xff, 0xfe, 0x00, 0x02]);
    const padded = Buffer.concat([
      base.subarray(0, 2),
      Buffer.alloc(emptyComment.length * (MAX_JPEG_SEGMENTS + 1), emptyComment),
      base.subarray(2),
    ]);
    const atLimit = Buffer.concat([
      base.subarray(0, 2),
      Buffer.alloc(emptyComment.length * (MAX_JPEG_SEGMENTS - 20), emptyComment),
      base.subarray(2),
    ]);

    expect(captureErrorCode(() => readJpegSegments(padded))).toBe('E_CORRUPT');
    expect(captureErrorCode(() => readJpegSegments(atLimit))).toBeNull();
  });

  it('rejects more scans than the limit as corrupt', () => {
    const scan = Buffer.concat([
      createSegment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
      Buffer.of(0),
    ]);
    // The synthetic JPEG has one scan of its own; `extraScans` more follow it.
    const withScans = (extraScans: number): Buffer =>
      createSyntheticJpeg([0, ...Buffer.alloc(scan.length * extraScans, scan)]);

    expect(captureErrorCode(() => readJpegSegments(withScans(MAX_JPEG_SCANS - 1)))).toBeNull();
    expect(captureErrorCode(() => readJpegSegments(withScans(MAX_JPEG_SCANS)))).toBe('E_CORRUPT');
  });
});
