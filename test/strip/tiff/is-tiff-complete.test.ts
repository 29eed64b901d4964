import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { isTiffComplete } from '../../../src/strip/tiff/is-tiff-complete.js';
import { stripTiff } from '../../../src/strip/tiff/strip-tiff.js';
import { buildTiff, TYPE } from './tiff-builder.js';
import { createRgbPage, createSharpTiff } from './tiff-fixtures.js';

let dataFirst: Buffer;
let ifdFirst: Uint8Array;

beforeAll(async () => {
  // libtiff, under sharp, writes the image data first and the IFD last.
  dataFirst = await createSharpTiff({ compression: 'none', pages: 2 });
  // The cleaner writes each page's IFD before its strips; a Make tag forces the rewrite.
  const page = await createRgbPage(20);
  const dirty = buildTiff([
    { ...page, entries: [...page.entries, { tag: 271, type: TYPE.ascii, text: 'Acme' }] },
  ]);
  ifdFirst = stripTiff(dirty, DEFAULT_KEEP_POLICY).bytes;
});

describe('isTiffComplete', () => {
  it('accepts whole files in both layouts', () => {
    expect(isTiffComplete(dataFirst)).toBe(true);
    expect(isTiffComplete(ifdFirst)).toBe(true);
  });

  it('rejects every prefix of a file whose IFD comes last', () => {
    for (let length = 0; length < dataFirst.length; length += 1) {
      expect(isTiffComplete(dataFirst.subarray(0, length)), `${length} bytes`).toBe(false);
    }
  });

  it('rejects every prefix of a file whose strips come last', () => {
    for (let length = 0; length < ifdFirst.length; length += 1) {
      expect(isTiffComplete(ifdFirst.subarray(0, length)), `${length} bytes`).toBe(false);
    }
  });

  it('accepts a damaged file that waiting cannot repair', () => {
    const loop = Buffer.from(dataFirst);
    loop.writeUInt32LE(4, 4); // IFD0 offset inside the header
    expect(isTiffComplete(loop)).toBe(true);
  });
});
