import { describe, expect, it } from 'vitest';
import {
  encodeItemLocationBox,
  parseItemLocationBox,
  type ItemLocationBox,
} from '../../../src/strip/heif/item-location-box.js';
import { readTopLevelBoxes } from '../../../src/strip/heif/read-boxes.js';
import { getErrorCode } from './get-error-code.js';
import { fullBox, uint } from './heif-test-files.js';

function parse(bytes: Uint8Array): ItemLocationBox {
  const [iloc] = readTopLevelBoxes(bytes);
  if (iloc === undefined) {
    throw new Error('no box');
  }
  return parseItemLocationBox(bytes, iloc);
}

/** Builds an `iloc` box with one entry (item 7, base offset 100, two extents) of `sizes`. */
function createLocationBox(version: number, sizes: readonly [number, number, number, number]) {
  const [offsetSize, lengthSize, baseOffsetSize, indexSize] = sizes;
  const idSize = version < 2 ? 2 : 4;
  const extent = (index: number, offset: number, length: number) =>
    Buffer.concat([uint(indexSize, index), uint(offsetSize, offset), uint(lengthSize, length)]);
  return fullBox(
    'iloc',
    version,
    0,
    uint(2, (offsetSize << 12) | (lengthSize << 8) | (baseOffsetSize << 4) | indexSize),
    uint(idSize, 1, 7),
    version > 0 ? uint(2, 1) : Buffer.alloc(0),
    uint(2, 0),
    uint(baseOffsetSize, 100),
    uint(2, 2),
    extent(1, 10, 20),
    extent(2, 40, 5),
  );
}

describe('parseItemLocationBox', () => {
  it.each([
    [1, [4, 4, 4, 4]],
    [1, [8, 8, 8, 0]],
    [2, [4, 8, 4, 8]],
  ] as const)('reads version %i with field sizes %j', (version, sizes) => {
    expect(parse(createLocationBox(version, sizes))).toEqual({
      version,
      locations: [
        {
          itemId: 7,
          constructionMethod: 1,
          dataReferenceIndex: 0,
          baseOffset: 100,
          extents: [
            { offset: 10, length: 20 },
            { offset: 40, length: 5 },
          ],
        },
      ],
    });
  });

  it('reads version 0 without construction method or index', () => {
    const [location] = parse(createLocationBox(0, [4, 4, 0, 0])).locations;

    expect(location?.constructionMethod).toBe(0);
    expect(location?.baseOffset).toBe(0);
    expect(location?.extents).toEqual([
      { offset: 10, length: 20 },
      { offset: 40, length: 5 },
    ]);
  });

  it('rejects construction method 2 as unsupported', () => {
    const bytes = createLocationBox(1, [4, 4, 0, 0]);
    bytes.writeUInt16BE(2, 12 + 2 + 2 + 2);

    expect(getErrorCode(() => parse(bytes))).toBe('E_UNSUPPORTED_FORMAT');
  });

  it('rejects a field size of 2 as corrupt', () => {
    expect(getErrorCode(() => parse(createLocationBox(1, [2, 4, 0, 0])))).toBe('E_CORRUPT');
  });

  it('rejects version 3 as corrupt', () => {
    const bytes = createLocationBox(1, [4, 4, 0, 0]);
    bytes[8] = 3;

    expect(getErrorCode(() => parse(bytes))).toBe('E_CORRUPT');
  });

  it('rejects an entry past the end of the box as corrupt', () => {
    const bytes = createLocationBox(1, [4, 4, 4, 0]);
    bytes.writeUInt16BE(3, 12 + 2 + 2 + 2 + 2 + 2 + 4);

    expect(getErrorCode(() => parse(bytes))).toBe('E_CORRUPT');
  });

  it('rejects extents that take no bytes beyond the limit', () => {
    const items = Array.from({ length: 2 }, (_, id) => Buffer.concat([uint(2, id, 0, 0xffff)]));
    const bytes = fullBox('iloc', 0, 0, uint(2, 0), uint(2, items.length), ...items);

    expect(getErrorCode(() => parse(bytes))).toBe('E_CORRUPT');
  });
});

describe('encodeItemLocationBox', () => {
  it('writes absolute offsets that read back', () => {
    const box: ItemLocationBox = {
      version: 1,
      locations: [
        {
          itemId: 3,
          constructionMethod: 1,
          dataReferenceIndex: 0,
          baseOffset: 0,
          extents: [{ offset: 0, length: 9 }],
        },
        {
          itemId: 4,
          constructionMethod: 0,
          dataReferenceIndex: 0,
          baseOffset: 0,
          extents: [{ offset: 2 ** 33, length: 2 ** 32 + 1 }],
        },
      ],
    };

    const encoded = Buffer.from(encodeItemLocationBox(box, { offsetSize: 8, lengthSize: 8 }));

    expect(parse(encoded)).toEqual(box);
  });

  it('rejects a value too big for its field', () => {
    const box: ItemLocationBox = {
      version: 0,
      locations: [
        {
          itemId: 1,
          constructionMethod: 0,
          dataReferenceIndex: 0,
          baseOffset: 0,
          extents: [{ offset: 2 ** 32, length: 1 }],
        },
      ],
    };

    expect(() => encodeItemLocationBox(box, { offsetSize: 4, lengthSize: 4 })).toThrow(RangeError);
  });
});
