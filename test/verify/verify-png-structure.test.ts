import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { stripPng } from '../../src/strip/png/strip-png.js';
import { verifyPngStructure } from '../../src/verify/verify-png-structure.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import {
  insertChunksBefore,
  joinChunks,
  orientationTiff,
  splitChunks,
  textChunk,
  type TestChunk,
} from '../helpers/png-chunks.js';
import { createPng, resetPngFixtureDir, writeMetadata } from '../helpers/png-fixtures.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

let input: Buffer;
let output: Uint8Array;

beforeAll(async () => {
  const palettePng = await createPng({ palette: true, channels: 4, icc: 'p3' });
  const colourChunks: TestChunk[] = [
    { type: 'gAMA', data: Buffer.from([0, 0, 0xb1, 0x8f]) },
    { type: 'cHRM', data: Buffer.alloc(32, 7) },
  ];
  const withColour = insertChunksBefore(palettePng, 'PLTE', colourChunks);
  input = insertChunksBefore(withColour, 'IDAT', [
    { type: 'eXIf', data: orientationTiff(6) },
    textChunk('parameters', 'a castle'),
  ]);
  output = stripPng(input, DEFAULT_KEEP_POLICY).bytes;
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
  resetPngFixtureDir();
});

function getVerifyErrorCode(
  cleaned: Uint8Array,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
  original: Uint8Array = input,
): string {
  try {
    verifyPngStructure(original, cleaned, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

/** Returns the output with its chunks changed by `edit`, lengths and CRCs recomputed. */
function editOutput(edit: (chunks: TestChunk[]) => void): Buffer {
  const chunks = splitChunks(output);
  edit(chunks);
  return joinChunks(chunks);
}

function indexOfType(chunks: readonly TestChunk[], type: string): number {
  return chunks.findIndex((chunk) => chunk.type === type);
}

describe('verifyPngStructure', () => {
  it('accepts the stripper output', () => {
    expect(getVerifyErrorCode(output)).toBe('passed');
  });

  it('accepts an input that was already clean as its own output', async () => {
    const clean = await createPng();
    expect(getVerifyErrorCode(clean, DEFAULT_KEEP_POLICY, clean)).toBe('passed');
  });

  it('rejects a tEXt chunk re-inserted', () => {
    const tampered = insertChunksBefore(output, 'IDAT', [textChunk('Comment', 'words')]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an unknown ancillary chunk', () => {
    const tampered = insertChunksBefore(output, 'IEND', [{ type: 'zzZz', data: Buffer.alloc(3) }]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a changed IDAT byte even with a valid CRC', () => {
    const tampered = editOutput((chunks) => {
      const imageData = chunks[indexOfType(chunks, 'IDAT')];
      if (imageData !== undefined) {
        const data = Buffer.from(imageData.data);
        data[data.length - 5] = (data[data.length - 5] ?? 0) ^ 1;
        chunks[indexOfType(chunks, 'IDAT')] = { type: 'IDAT', data };
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a changed palette', () => {
    const tampered = editOutput((chunks) => {
      const palette = chunks[indexOfType(chunks, 'PLTE')];
      if (palette !== undefined) {
        const data = Buffer.from(palette.data);
        data[0] = (data[0] ?? 0) ^ 0xff;
        chunks[indexOfType(chunks, 'PLTE')] = { type: 'PLTE', data };
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects colour chunks in another order', () => {
    const tampered = editOutput((chunks) => {
      const gamma = indexOfType(chunks, 'gAMA');
      const chromaticities = indexOfType(chunks, 'cHRM');
      const [first, second] = [chunks[gamma], chunks[chromaticities]];
      if (first !== undefined && second !== undefined) {
        chunks[gamma] = second;
        chunks[chromaticities] = first;
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a missing chunk of the input', () => {
    const tampered = editOutput((chunks) => {
      chunks.splice(indexOfType(chunks, 'gAMA'), 1);
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an extra tag in the eXIf chunk', () => {
    const exifWithSoftware = Buffer.alloc(44);
    exifWithSoftware.write('MM\0*', 0, 'latin1');
    exifWithSoftware.writeUInt32BE(8, 4);
    exifWithSoftware.writeUInt16BE(2, 8);
    exifWithSoftware.writeUInt16BE(0x0112, 10);
    exifWithSoftware.writeUInt16BE(3, 12);
    exifWithSoftware.writeUInt32BE(1, 14);
    exifWithSoftware.writeUInt16BE(6, 18);
    exifWithSoftware.writeUInt16BE(0x0131, 22);
    exifWithSoftware.writeUInt16BE(2, 24);
    exifWithSoftware.writeUInt32BE(4, 26);
    exifWithSoftware.write('abc\0', 30, 'latin1');
    const tampered = editOutput((chunks) => {
      chunks[indexOfType(chunks, 'eXIf')] = { type: 'eXIf', data: exifWithSoftware };
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects bytes hidden after the minimal EXIF block', () => {
    const tampered = editOutput((chunks) => {
      const padded = Buffer.concat([orientationTiff(6), Buffer.from('hidden')]);
      chunks[indexOfType(chunks, 'eXIf')] = { type: 'eXIf', data: padded };
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it.skipIf(!isExifToolAvailable())('rejects an EXIF tag added by ExifTool', async () => {
    const tampered = await writeMetadata(output, ['-EXIF:Make=Acme']);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects orientation the policy drops', () => {
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, orientation: false };
    expect(getVerifyErrorCode(output, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an eXIf chunk after the image data', () => {
    const tampered = editOutput((chunks) => {
      const [exif] = chunks.splice(indexOfType(chunks, 'eXIf'), 1);
      if (exif !== undefined) {
        chunks.splice(indexOfType(chunks, 'IEND'), 0, exif);
      }
    });
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a second eXIf chunk', () => {
    const tampered = insertChunksBefore(output, 'IDAT', [
      { type: 'eXIf', data: orientationTiff(6) },
    ]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects data after IEND', () => {
    const tampered = Buffer.concat([output, Buffer.from('appended')]);
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a bad CRC', () => {
    const tampered = Buffer.from(output);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(getVerifyErrorCode(tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a file cut before IEND', () => {
    expect(getVerifyErrorCode(output.subarray(0, output.length - 12))).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects iCCP when the policy drops colour profiles', () => {
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
    expect(getVerifyErrorCode(output, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('accepts caBX only in a file left untouched under content credentials', () => {
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, contentCredentials: true };
    const signed = insertChunksBefore(output, 'IDAT', [
      { type: 'caBX', data: Buffer.from('manifest') },
    ]);

    expect(getVerifyErrorCode(signed, policy, signed)).toBe('passed');
    expect(getVerifyErrorCode(signed, policy)).toBe('E_VERIFY_STRUCTURE');
    expect(getVerifyErrorCode(signed, DEFAULT_KEEP_POLICY, signed)).toBe('E_VERIFY_STRUCTURE');
  });
});
