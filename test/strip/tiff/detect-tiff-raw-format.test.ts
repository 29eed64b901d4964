import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { detectTiffRawFormat } from '../../../src/strip/tiff/detect-tiff-raw-format.js';
import { corpusFilesOfFormat } from '../../helpers/corpus.js';
import { buildTiff, createRgbPageEntries, TYPE, type TestEntry } from './tiff-builder.js';
import { createSharpTiff } from './tiff-fixtures.js';

const STRIP = Buffer.alloc(4 * 4 * 3);

function makeEntry(make: string): TestEntry {
  return { tag: 271, type: TYPE.ascii, text: make };
}

/** Builds a one-page TIFF with extra IFD0 entries and, when given its entries, a SubIFD. */
function buildPage(extra: readonly TestEntry[], subIfdExtra?: readonly TestEntry[]): Buffer {
  const entries = [...createRgbPageEntries(4, 4), ...extra];
  const subIfds =
    subIfdExtra === undefined
      ? undefined
      : [{ entries: [...createRgbPageEntries(4, 4), ...subIfdExtra], strips: [STRIP] }];
  return buildTiff([{ entries, strips: [STRIP], ...(subIfds === undefined ? {} : { subIfds }) }]);
}

function withValue(tag: number, value: number): TestEntry[] {
  return [{ tag, type: TYPE.short, values: [value] }];
}

describe('detectTiffRawFormat', () => {
  it.each([
    ['Olympus ORF RAW', Buffer.from('IIRO\x08\0\0\0', 'latin1')],
    ['Olympus ORF RAW', Buffer.from('MMOR\0\0\0\x08', 'latin1')],
    ['Panasonic RW2 RAW', Buffer.from('IIU\0\x08\0\0\0', 'latin1')],
    ['Canon CR2 RAW', Buffer.concat([Buffer.from('II*\0\x10\0\0\0CR', 'latin1'), Buffer.alloc(8)])],
    ['DNG', buildPage([{ tag: 50706, type: TYPE.byte, bytes: Uint8Array.of(1, 4, 0, 0) }])],
  ] as const)('names %s by its header or DNGVersion', (label, bytes) => {
    expect(detectTiffRawFormat(bytes)).toBe(label);
  });

  it.each([
    ['Nikon NEF RAW', 'NIKON CORPORATION', withValue(262, 32803)],
    ['Sony ARW RAW', 'SONY', withValue(259, 32767)],
    ['Pentax PEF RAW', 'PENTAX Corporation', withValue(259, 65535)],
    ['Samsung SRW RAW', 'SAMSUNG', withValue(259, 32770)],
    ['Kodak RAW', 'Kodak', withValue(259, 65000)],
    ['camera RAW', 'Unheard Of', [{ tag: 33421, type: TYPE.short, values: [2, 2] }]],
  ] as const)('names %s by sensor data in a SubIFD and Make', (label, make, subIfdExtra) => {
    const bytes = buildPage([makeEntry(make)], subIfdExtra);
    expect(detectTiffRawFormat(bytes)).toBe(label);
  });

  it('finds sensor data in IFD0 itself', () => {
    const bytes = buildTiff([
      {
        entries: [
          ...createRgbPageEntries(4, 4).map((entry) =>
            entry.tag === 262 ? { ...entry, values: [32803] } : entry,
          ),
          makeEntry('NIKON'),
        ],
        strips: [STRIP],
      },
    ]);
    expect(detectTiffRawFormat(bytes)).toBe('Nikon NEF RAW');
  });

  it('leaves an RGB TIFF from a camera maker alone', () => {
    expect(detectTiffRawFormat(buildPage([makeEntry('NIKON CORPORATION')]))).toBeNull();
  });

  it('leaves TIFFs that sharp writes alone', async () => {
    expect(detectTiffRawFormat(await createSharpTiff({ compression: 'lzw' }))).toBeNull();
    expect(detectTiffRawFormat(await createSharpTiff({ pages: 2 }))).toBeNull();
  });

  it('returns null for bytes that are no TIFF', () => {
    expect(detectTiffRawFormat(Buffer.from('plain text'))).toBeNull();
    expect(detectTiffRawFormat(Buffer.alloc(0))).toBeNull();
  });

  it('survives a SubIFD that points to itself', () => {
    const bytes = buildPage([makeEntry('SONY')], []);
    const ifdOffset = bytes.readUInt32LE(4);
    const count = bytes.readUInt16LE(ifdOffset);
    for (let index = 0; index < count; index += 1) {
      const entry = ifdOffset + 2 + index * 12;
      if (bytes.readUInt16LE(entry) === 330) {
        bytes.writeUInt32LE(ifdOffset, entry + 8);
      }
    }
    expect(detectTiffRawFormat(bytes)).toBeNull();
  });

  const corpus = corpusFilesOfFormat('DNG', 'TIFF');

  it.skipIf(corpus.length === 0).each(corpus.map((entry) => [entry.localPath, entry] as const))(
    'labels corpus file %s by its content',
    async (_localPath, entry) => {
      const expected = entry.format === 'DNG' ? 'DNG' : null;
      expect(detectTiffRawFormat(await readFile(entry.absolutePath))).toBe(expected);
    },
  );
});
