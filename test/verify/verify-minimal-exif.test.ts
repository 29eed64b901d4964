import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { buildMinimalExif } from '../../src/strip/exif/build-minimal-exif.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { verifyMinimalExif } from '../../src/verify/verify-minimal-exif.js';

const KEEP_ALL: KeepPolicy = { ...DEFAULT_KEEP_POLICY, captureDate: true, copyright: true };

function build(fields: Parameters<typeof buildMinimalExif>[0]): Buffer {
  return Buffer.from(buildMinimalExif(fields) ?? []);
}

function getErrorCode(tiff: Uint8Array, policy: KeepPolicy): string | null {
  try {
    verifyMinimalExif(tiff, policy, 'APP1');
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return null;
}

describe('verifyMinimalExif', () => {
  it('accepts every block the builder makes', () => {
    const blocks = [
      build({ orientation: 2 }),
      build({ copyright: 'x' }),
      build({ captureDate: '2020:01:01 00:00:00' }),
      build({ orientation: 8, captureDate: '2020:01:01 00:00:00', offsetTimeOriginal: '+00:00' }),
    ];

    for (const block of blocks) {
      expect(getErrorCode(block, KEEP_ALL)).toBeNull();
    }
  });

  it('rejects each value the policy does not keep', () => {
    expect(getErrorCode(build({ copyright: 'x' }), DEFAULT_KEEP_POLICY)).toBe('E_VERIFY_STRUCTURE');
    expect(getErrorCode(build({ captureDate: '2020:01:01 00:00:00' }), DEFAULT_KEEP_POLICY)).toBe(
      'E_VERIFY_STRUCTURE',
    );
    expect(getErrorCode(build({ orientation: 6 }), { ...KEEP_ALL, orientation: false })).toBe(
      'E_VERIFY_STRUCTURE',
    );
  });

  it('rejects a little-endian copy of a valid block', () => {
    const header = '49492a0008000000';
    const entry = '120103000100000006000000'; // Orientation 6, little-endian
    const littleEndian = Buffer.from(`${header}0100${entry}00000000`, 'hex');
    expect(littleEndian.length).toBe(26);

    expect(getErrorCode(littleEndian, KEEP_ALL)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an orientation of 1', () => {
    const block = build({ orientation: 6 });
    block.writeUInt16BE(1, 18);

    expect(getErrorCode(block, KEEP_ALL)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects bytes that are no TIFF block', () => {
    expect(getErrorCode(Buffer.from('nothing'), KEEP_ALL)).toBe('E_VERIFY_STRUCTURE');
  });
});

describe('verifyMinimalExif with an Apple HDR maker note', () => {
  const appleHdr = { headroom: [3, 2] as const, gain: [1, 2] as const };

  it('accepts it when gain maps are kept', () => {
    const tiff = buildMinimalExif({ appleHdr }) ?? new Uint8Array(0);

    expect(verifyMinimalExif(tiff, DEFAULT_KEEP_POLICY, 'APP1').appleHdr).toEqual(appleHdr);
  });

  it('rejects it when gain maps go', () => {
    const tiff = buildMinimalExif({ appleHdr }) ?? new Uint8Array(0);
    const policy = { ...DEFAULT_KEEP_POLICY, hdrGainMap: false };

    expect(() => verifyMinimalExif(tiff, policy, 'APP1')).toThrow(
      expect.objectContaining({ code: 'E_VERIFY_STRUCTURE' }),
    );
  });
});
