import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffFormat, type SniffResult } from '../../src/strip/sniff-format.js';
import { loadCorpus } from '../helpers/corpus.js';

const pixels = { create: { width: 6, height: 4, channels: 3, background: '#5080b0' } } as const;

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** Builds an ISO-BMFF `ftyp` box with a major brand and compatible brands, then padding. */
function fileTypeBox(major: string, ...compatible: string[]): Buffer {
  const size = 16 + compatible.length * 4;
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size);
  header.write('ftyp', 4, 'latin1');
  return Buffer.concat([
    header,
    ascii(major),
    Buffer.alloc(4),
    ...compatible.map(ascii),
    Buffer.alloc(16),
  ]);
}

/** Builds one ISO-BMFF box: 32-bit size, type, payload. */
function isoBox(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/** Builds a minimal TIFF header with one IFD0 entry of the given tag. */
function tiffWithTag(tag: number): Buffer {
  const tiff = Buffer.alloc(32);
  tiff.write('II*\0', 0, 'latin1');
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(tag, 10);
  return tiff;
}

function unsupported(label: string): SniffResult {
  return { kind: 'unsupported', label };
}

describe('sniffFormat', () => {
  it.each([
    ['jpeg', () => sharp(pixels).jpeg().toBuffer()],
    ['png', () => sharp(pixels).png().toBuffer()],
    ['tiff', () => sharp(pixels).tiff().toBuffer()],
    ['webp', () => sharp(pixels).webp().toBuffer()],
    ['gif', () => sharp(pixels).gif().toBuffer()],
    ['heif', () => sharp(pixels).avif().toBuffer()],
  ] as const)('recognises %s written by sharp as supported', async (format, write) => {
    expect(sniffFormat(await write())).toEqual({ kind: 'supported', format });
  });

  it.each([
    ['HEIC', fileTypeBox('heic', 'mif1', 'heic')],
    ['HEIF', fileTypeBox('mif1', 'heic')],
    ['AVIF', fileTypeBox('avif', 'mif1')],
    ['AVIF listed second', fileTypeBox('mif1', 'avif')],
  ])('recognises %s from its ftyp brands', (_name, bytes) => {
    expect(sniffFormat(bytes)).toEqual({ kind: 'supported', format: 'heif' });
  });

  it.each([
    ['JPEG XL', fileTypeBox('jxl ')],
    ['JPEG XL', Buffer.from([0xff, 0x0a, 0xfa, 0x7f])],
    ['JPEG XL', Buffer.from([0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])],
    ['MP4 video', fileTypeBox('isom', 'iso2', 'mp41')],
    ['QuickTime video', fileTypeBox('qt  ')],
    ['QuickTime video', Buffer.concat([Buffer.from([0, 0, 0, 8]), ascii('wide')])],
    ['Canon CR3 RAW', fileTypeBox('crx ')],
    ['DNG', tiffWithTag(0xc612)],
    ['BigTIFF', Buffer.concat([ascii('II+\0\x08\0\0\0'), Buffer.alloc(8)])],
    ['Canon CR2 RAW', Buffer.concat([ascii('II*\0\x10\0\0\0CR'), Buffer.alloc(8)])],
    ['PDF', ascii('%PDF-1.7\n')],
    ['BMP', Buffer.concat([ascii('BM'), Buffer.alloc(12), Buffer.from([40, 0, 0, 0])])],
    ['JPEG 2000', Buffer.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a])],
  ] as const)('labels %s from its magic bytes', (label, bytes) => {
    expect(sniffFormat(bytes)).toEqual(unsupported(label));
  });

  it.each([
    ['an II TIFF with one tag', tiffWithTag(0x0100)],
    ['an MM TIFF header', Buffer.concat([ascii('MM\0*'), Buffer.alloc(12)])],
    ['a bare TIFF header', ascii('II*\0')],
  ])('recognises %s as a supported TIFF', (_name, bytes) => {
    expect(sniffFormat(bytes)).toEqual({ kind: 'supported', format: 'tiff' });
  });

  it('labels a JPEG XL container with a damaged brand by its brob box', () => {
    const damagedBrand = isoBox('ftyp', ascii('iso,Cmb/'));

    expect(sniffFormat(Buffer.concat([damagedBrand, isoBox('brob', ascii('Exif'))]))).toEqual(
      unsupported('JPEG XL'),
    );
    expect(sniffFormat(Buffer.concat([damagedBrand, isoBox('meta', ascii('Exif'))]))).toEqual(
      unsupported('ISO-BMFF media'),
    );
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['text', ascii('just some text, no image')],
    ['BM without a header size', ascii('BM and nothing else here')],
    ['JPEG prefix', Buffer.from([0xff, 0xd8])],
  ])('returns unknown for %s', (_name, bytes) => {
    expect(sniffFormat(bytes)).toEqual({ kind: 'unknown' });
  });

  describe('corpus', () => {
    /** The label expected for each format column of the corpus manifest. */
    const expectedByManifestFormat: Readonly<Record<string, SniffResult>> = {
      JPEG: { kind: 'supported', format: 'jpeg' },
      MPO: { kind: 'supported', format: 'jpeg' },
      PNG: { kind: 'supported', format: 'png' },
      HEIC: { kind: 'supported', format: 'heif' },
      HEIF: { kind: 'supported', format: 'heif' },
      AVIF: { kind: 'supported', format: 'heif' },
      TIFF: { kind: 'supported', format: 'tiff' },
      DNG: unsupported('DNG'),
      GIF: { kind: 'supported', format: 'gif' },
      'Extended WEBP': { kind: 'supported', format: 'webp' },
      JXL: unsupported('JPEG XL'),
    };
    const entries = loadCorpus() ?? [];

    it.skipIf(entries.length === 0).each(entries.map((entry) => [entry.localPath, entry] as const))(
      'sniffs %s by content, not name',
      async (_localPath, entry) => {
        const expected = entry.format.startsWith('JXL')
          ? unsupported('JPEG XL')
          : expectedByManifestFormat[entry.format];
        expect(expected, `no expectation for format ${entry.format}`).toBeDefined();
        expect(sniffFormat(await readFile(entry.absolutePath))).toEqual(expected);
      },
    );
  });
});
