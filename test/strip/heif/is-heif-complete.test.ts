import { describe, expect, it } from 'vitest';
import { isHeifComplete } from '../../../src/strip/heif/is-heif-complete.js';
import { isContainerComplete } from '../../../src/strip/is-container-complete.js';
import { createAvif } from './heif-fixtures.js';
import { box, buildHeif, fullBox, uint } from './heif-test-files.js';

/** Builds a HEIF whose only item is 40 bytes of data, with `meta` before or after `mdat`. */
function createFile(isMetaLast: boolean): Buffer {
  return buildHeif({
    primaryItemId: 1,
    items: [{ id: 1, type: 'hvc1', data: Buffer.alloc(40, 7) }],
    isMetaLast,
  });
}

describe('isHeifComplete', () => {
  it('accepts a whole sharp AVIF', async () => {
    const avif = await createAvif();

    expect(isHeifComplete(avif)).toBe(true);
    expect(isContainerComplete(avif)).toBe(true);
  });

  it.each([false, true])('rejects every prefix, meta last %s', (isMetaLast) => {
    const file = createFile(isMetaLast);

    expect(isHeifComplete(file)).toBe(true);
    for (let length = 12; length < file.length; length += 1) {
      expect(isHeifComplete(file.subarray(0, length)), `prefix of ${length} bytes`).toBe(false);
    }
  });

  it('rejects a whole mdat whose meta has not been written yet', () => {
    const file = createFile(true);
    const mediaDataEnd = file.indexOf(Buffer.from('meta', 'latin1')) - 4;

    expect(isHeifComplete(file.subarray(0, mediaDataEnd))).toBe(false);
  });

  it('rejects item data past a final mdat that runs to the end', () => {
    const file = createFile(false);
    const mediaData = file.indexOf(Buffer.from('mdat', 'latin1')) - 4;
    const openEnded = Buffer.from(file.subarray(0, file.length - 10));
    openEnded.writeUInt32BE(0, mediaData);

    expect(isHeifComplete(openEnded)).toBe(false);
  });

  it('accepts a malformed file, because waiting would not fix it', () => {
    const brokenMeta = fullBox('meta', 0, 0, box('hdlr', uint(4, 1)));
    const file = Buffer.concat([box('ftyp', Buffer.from('heic'), uint(4, 0)), brokenMeta]);

    expect(isHeifComplete(file)).toBe(true);
  });

  it('accepts an image sequence, which the stripper rejects', () => {
    const file = Buffer.concat([
      box('ftyp', Buffer.from('msf1'), uint(4, 0), Buffer.from('heic')),
      box('moov', Buffer.alloc(16)),
    ]);

    expect(isHeifComplete(file)).toBe(true);
  });
});
