import { describe, expect, it } from 'vitest';
import {
  encodeItemReferenceBox,
  parseItemReferenceBox,
  type ItemReferenceBox,
} from '../../../src/strip/heif/item-reference-box.js';
import { readTopLevelBoxes } from '../../../src/strip/heif/read-boxes.js';
import { getErrorCode } from './get-error-code.js';
import { box, fullBox, uint } from './heif-test-files.js';

function parse(bytes: Uint8Array): ItemReferenceBox {
  const [iref] = readTopLevelBoxes(bytes);
  if (iref === undefined) {
    throw new Error('no box');
  }
  return parseItemReferenceBox(bytes, iref);
}

describe('parseItemReferenceBox', () => {
  it('reads version 0 references', () => {
    const bytes = fullBox(
      'iref',
      0,
      0,
      box('dimg', uint(2, 10, 2, 1, 2)),
      box('thmb', uint(2, 11, 1, 10)),
    );

    expect(parse(bytes)).toEqual({
      version: 0,
      references: [
        { type: 'dimg', fromItemId: 10, toItemIds: [1, 2] },
        { type: 'thmb', fromItemId: 11, toItemIds: [10] },
      ],
    });
  });

  it('reads version 1 references with 32-bit item IDs', () => {
    const bytes = fullBox('iref', 1, 0, box('auxl', uint(4, 70_000), uint(2, 1), uint(4, 1)));

    expect(parse(bytes).references).toEqual([{ type: 'auxl', fromItemId: 70_000, toItemIds: [1] }]);
  });

  it('rejects a reference with bytes left over as corrupt', () => {
    const bytes = fullBox('iref', 0, 0, box('cdsc', uint(2, 3, 1, 1, 9)));

    expect(getErrorCode(() => parse(bytes))).toBe('E_CORRUPT');
  });

  it('rejects a count past the end as corrupt', () => {
    const bytes = fullBox('iref', 0, 0, box('cdsc', uint(2, 3, 5, 1)));

    expect(getErrorCode(() => parse(bytes))).toBe('E_CORRUPT');
  });
});

describe('encodeItemReferenceBox', () => {
  it.each([0, 1])('writes version %i references that read back', (version) => {
    const references: ItemReferenceBox = {
      version,
      references: [
        { type: 'dimg', fromItemId: 9, toItemIds: [1, 2, 3] },
        { type: 'cdsc', fromItemId: 4, toItemIds: [9] },
      ],
    };

    expect(parse(encodeItemReferenceBox(references))).toEqual(references);
  });
});
