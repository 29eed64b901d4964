import { AppError } from '../shared/errors.js';
import type { PngChunk } from '../strip/png/walk-png-chunks.js';
import { isValidPngIccChunk } from './is-valid-png-icc-chunk.js';
import type { VerifiedPngHeader } from './read-verified-png-header.js';

/** Chunk types the PNG and APNG specifications allow at most once per file. */
const SINGLE_TYPES: ReadonlySet<string> = new Set([
  'PLTE',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'cICP',
  'mDCV',
  'cLLI',
  'sBIT',
  'pHYs',
  'bKGD',
  'acTL',
]);

/** Data lengths fixed by the PNG and APNG specifications. */
const FIXED_LENGTHS: Readonly<Record<string, number>> = {
  gAMA: 4,
  cHRM: 32,
  sRGB: 1,
  pHYs: 9,
  cICP: 4,
  cLLI: 8,
  mDCV: 24,
  acTL: 8,
  fcTL: 26,
};

/**
 * Checks the contents of the chunks of a cleaned PNG that the stripper copies byte for byte,
 * written apart from the stripper. Single-use types appear at most once and IDAT chunks are
 * consecutive. Lengths and values follow the PNG specification, including the layouts of
 * PLTE, sBIT, bKGD and tRNS for the colour type, and palette indexes stay inside the palette.
 * An `iCCP` must pass {@link isValidPngIccChunk}. A chunk that passes has no room for other
 * bytes.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the chunk and the rule it breaks.
 */
export function verifyPngChunkContents(
  chunks: readonly PngChunk[],
  header: VerifiedPngHeader,
): void {
  const seen = new Set<string>();
  const firstImageData = chunks.findIndex((chunk) => chunk.type === 'IDAT');
  const afterImageData = chunks.findIndex(
    (chunk, index) => index > firstImageData && chunk.type !== 'IDAT',
  );
  const isSplit = (chunk: PngChunk, index: number): boolean =>
    chunk.type === 'IDAT' && afterImageData >= 0 && index > afterImageData;
  if (chunks.some(isSplit)) {
    fail('IDAT', 'chunks are not consecutive');
  }
  const palette = chunks.findIndex((chunk) => chunk.type === 'PLTE');
  const paletteEntries = palette < 0 ? 0 : (chunks[palette]?.data.length ?? 0) / 3;
  checkPalette(header, palette, paletteEntries, firstImageData);

  chunks.forEach((chunk, index) => {
    if (SINGLE_TYPES.has(chunk.type) && seen.has(chunk.type)) {
      fail(chunk.type, 'appears a second time');
    }
    seen.add(chunk.type);
    if (chunk.type === 'IDAT') {
      return;
    }
    const expected = FIXED_LENGTHS[chunk.type];
    if (expected !== undefined && chunk.dataLength !== expected) {
      fail(chunk.type, `has ${chunk.dataLength} data bytes instead of ${expected}`);
    }
    const isBetweenPaletteAndImage = index > palette && index < firstImageData;
    const problem = findValueProblem(chunk, header, paletteEntries, isBetweenPaletteAndImage);
    if (problem !== null) {
      fail(chunk.type, problem);
    }
    if (chunk.type === 'iCCP' && (index > firstImageData || !isValidPngIccChunk(chunk.data))) {
      fail('iCCP', 'is not one valid ICC profile before the image data');
    }
  });
}

function checkPalette(
  header: VerifiedPngHeader,
  palette: number,
  entries: number,
  firstImageData: number,
): void {
  if (palette < 0) {
    if (header.colorType === 3) {
      fail('PLTE', 'is missing from an indexed-colour image');
    }
    return;
  }
  const maxEntries = header.colorType === 3 ? Math.min(256, 2 ** header.bitDepth) : 256;
  const isValid =
    header.colorType !== 0 &&
    header.colorType !== 4 &&
    palette < firstImageData &&
    Number.isInteger(entries) &&
    entries >= 1 &&
    entries <= maxEntries;
  if (!isValid) {
    fail('PLTE', 'does not fit the colour type or precede the image data');
  }
}

/** Returns what is wrong with a chunk's values, or null when they are valid. */
function findValueProblem(
  chunk: PngChunk,
  header: VerifiedPngHeader,
  paletteEntries: number,
  isBetweenPaletteAndImage: boolean,
): string | null {
  const data = chunk.data;
  const isIndexed = header.colorType === 3;
  const sampleLimit = 2 ** header.bitDepth;
  switch (chunk.type) {
    case 'gAMA':
      return data.every((byte) => byte === 0) ? 'gives a gamma of zero' : null;
    case 'sRGB':
      return (data[0] ?? 0) > 3 ? 'gives an unknown rendering intent' : null;
    case 'pHYs':
      return (data[8] ?? 0) > 1 ? 'gives an unknown unit' : null;
    case 'cICP':
      return data[2] !== 0 || (data[3] ?? 0) > 1 ? 'gives values PNG does not allow' : null;
    case 'sBIT': {
      const depth = isIndexed ? 8 : header.bitDepth;
      const isValid =
        data.length === (isIndexed ? 3 : header.samples) &&
        data.every((bits) => bits >= 1 && bits <= depth);
      return isValid ? null : 'does not fit the colour type and bit depth';
    }
    case 'bKGD':
      if (isIndexed) {
        const isIndex = data.length === 1 && (data[0] ?? 0) < paletteEntries;
        return isIndex && isBetweenPaletteAndImage ? null : 'is not an index into the palette';
      }
      return checkSamples(data, header.samples === 1 || header.samples === 2 ? 1 : 3, sampleLimit);
    case 'tRNS':
      if (isIndexed) {
        const isValid = data.length >= 1 && data.length <= paletteEntries;
        return isValid && isBetweenPaletteAndImage ? null : 'does not fit the palette';
      }
      if (header.colorType === 0 || header.colorType === 2) {
        return checkSamples(data, header.samples, sampleLimit);
      }
      return 'appears in an image with an alpha channel';
    default:
      return null;
  }
}

/** Checks a run of 16-bit samples that must each be below `limit`. */
function checkSamples(data: Uint8Array, count: number, limit: number): string | null {
  if (data.length !== count * 2) {
    return `has ${data.length} data bytes instead of ${count * 2}`;
  }
  for (let i = 0; i < data.length; i += 2) {
    if (((data[i] ?? 0) << 8) + (data[i + 1] ?? 0) >= limit) {
      return 'holds a sample value above the bit depth';
    }
  }
  return null;
}

function fail(type: string, problem: string): never {
  throw new AppError('E_VERIFY_STRUCTURE', `The cleaned PNG's ${type} chunk ${problem}.`);
}
