import { describe, expect, it } from 'vitest';
import {
  encodeItemPropertiesBox,
  parseItemPropertiesBox,
  type PropertyAssociationBox,
} from '../../../src/strip/heif/item-properties-box.js';
import { readTopLevelBoxes } from '../../../src/strip/heif/read-boxes.js';
import { getErrorCode } from './get-error-code.js';
import { box, fullBox, uint } from './heif-test-files.js';

function parse(bytes: Uint8Array) {
  const [iprp] = readTopLevelBoxes(bytes);
  if (iprp === undefined) {
    throw new Error('no box');
  }
  return parseItemPropertiesBox(bytes, iprp);
}

const properties = [box('ispe', Buffer.alloc(12)), box('irot', uint(1, 1))];

describe('parseItemPropertiesBox', () => {
  it('reads 7-bit indexes with 16-bit item IDs', () => {
    const ipma = fullBox('ipma', 0, 0, uint(4, 1), uint(2, 5), uint(1, 2, 0x01, 0x82));
    const parsed = parse(box('iprp', box('ipco', ...properties), ipma));

    expect(parsed.properties.map((property) => property.type)).toEqual(['ispe', 'irot']);
    expect(parsed.associationBoxes).toEqual([
      {
        version: 0,
        flags: 0,
        entries: [
          {
            itemId: 5,
            associations: [
              { index: 1, isEssential: false },
              { index: 2, isEssential: true },
            ],
          },
        ],
      },
    ]);
  });

  it('reads 15-bit indexes with 32-bit item IDs', () => {
    const ipma = fullBox('ipma', 1, 1, uint(4, 1), uint(4, 70_000), uint(1, 1), uint(2, 0x8002));

    expect(parse(box('iprp', box('ipco', ...properties), ipma)).associationBoxes).toEqual([
      {
        version: 1,
        flags: 1,
        entries: [{ itemId: 70_000, associations: [{ index: 2, isEssential: true }] }],
      },
    ]);
  });

  it('rejects an index past ipco as corrupt', () => {
    const ipma = fullBox('ipma', 0, 0, uint(4, 1), uint(2, 5), uint(1, 1, 3));

    expect(getErrorCode(() => parse(box('iprp', box('ipco', ...properties), ipma)))).toBe(
      'E_CORRUPT',
    );
  });

  it('rejects an item listed twice as corrupt', () => {
    const entry = Buffer.concat([uint(2, 5), uint(1, 1, 1)]);
    const ipma = fullBox('ipma', 0, 0, uint(4, 2), entry, entry);

    expect(getErrorCode(() => parse(box('iprp', box('ipco', ...properties), ipma)))).toBe(
      'E_CORRUPT',
    );
  });

  it('rejects iprp without ipco as corrupt', () => {
    const ipma = fullBox('ipma', 0, 0, uint(4, 0));

    expect(getErrorCode(() => parse(box('iprp', ipma)))).toBe('E_CORRUPT');
  });
});

describe('encodeItemPropertiesBox', () => {
  it('writes associations that read back', () => {
    const associationBoxes: PropertyAssociationBox[] = [
      {
        version: 0,
        flags: 1,
        entries: [{ itemId: 2, associations: [{ index: 2, isEssential: true }] }],
      },
    ];

    const encoded = encodeItemPropertiesBox(properties, associationBoxes);

    expect(parse(encoded).associationBoxes).toEqual(associationBoxes);
  });

  it('rejects an index that needs 15-bit indexes in a 7-bit box', () => {
    const associationBoxes: PropertyAssociationBox[] = [
      {
        version: 0,
        flags: 0,
        entries: [{ itemId: 2, associations: [{ index: 200, isEssential: false }] }],
      },
    ];

    expect(() => encodeItemPropertiesBox(properties, associationBoxes)).toThrow(RangeError);
  });
});
