import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { buildAdobeRgbProfile } from '../../src/strip/exif/build-adobe-rgb-profile.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { stripTiff } from '../../src/strip/tiff/strip-tiff.js';
import { verifyTiffStructure } from '../../src/verify/verify-tiff-structure.js';
import { buildTiff, TYPE, type TestEntry, type TestPage } from '../strip/tiff/tiff-builder.js';
import { createRgbPage, createSharpTiff } from '../strip/tiff/tiff-fixtures.js';

const DATE_POLICY: KeepPolicy = { ...DEFAULT_KEEP_POLICY, captureDate: true };

/** Little-endian offsets of each page's IFD, following the chain of a TIFF. */
function listIfdOffsets(tiff: Uint8Array): number[] {
  const bytes = Buffer.from(tiff);
  const offsets: number[] = [];
  for (let offset = bytes.readUInt32LE(4); offset !== 0;) {
    offsets.push(offset);
    offset = bytes.readUInt32LE(offset + 2 + bytes.readUInt16LE(offset) * 12);
  }
  return offsets;
}

/** Returns the offset of the 12-byte entry of `tag` in the IFD at `ifdOffset`. */
function findEntryOffset(tiff: Uint8Array, ifdOffset: number, tag: number): number {
  const bytes = Buffer.from(tiff);
  const count = bytes.readUInt16LE(ifdOffset);
  for (let index = 0; index < count; index += 1) {
    const entry = ifdOffset + 2 + index * 12;
    if (bytes.readUInt16LE(entry) === tag) {
      return entry;
    }
  }
  throw new Error(`findEntryOffset: no tag ${tag} in the IFD at ${ifdOffset}`);
}

function getVerifyErrorCode(
  input: Uint8Array,
  output: Uint8Array,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
): string {
  try {
    verifyTiffStructure(input, output, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'accepted';
}

function addEntries(page: TestPage, entries: readonly TestEntry[]): TestPage {
  return { ...page, entries: [...page.entries, ...entries] };
}

const MAKE: TestEntry = { tag: 271, type: TYPE.ascii, text: 'Acme' };

let page: TestPage;
let dirtyInput: Buffer;
let cleaned: Uint8Array;

beforeAll(async () => {
  page = await createRgbPage(40);
  const second = await createRgbPage(160);
  dirtyInput = buildTiff([addEntries(page, [MAKE]), addEntries(second, [MAKE])]);
  cleaned = stripTiff(dirtyInput, DEFAULT_KEEP_POLICY).bytes;
});

describe('verifyTiffStructure', () => {
  it('accepts what the stripper writes', () => {
    expect(getVerifyErrorCode(dirtyInput, cleaned)).toBe('accepted');
  });

  it('accepts a clean file checked against itself', async () => {
    const clean = await createSharpTiff({ compression: 'jpeg', pages: 2 });
    expect(getVerifyErrorCode(clean, clean)).toBe('accepted');
  });

  it('rejects a changed strip byte', () => {
    const tampered = Buffer.from(cleaned);
    const [firstIfd = 0] = listIfdOffsets(tampered);
    const stripOffset = tampered.readUInt32LE(findEntryOffset(tampered, firstIfd, 273) + 8);
    tampered[stripOffset + 5] = (tampered[stripOffset + 5] ?? 0) ^ 0xff;
    expect(getVerifyErrorCode(dirtyInput, tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a tag outside the allowlist', () => {
    const tampered = Buffer.from(cleaned);
    const [, secondIfd = 0] = listIfdOffsets(tampered);
    tampered.writeUInt16LE(271, findEntryOffset(tampered, secondIfd, 296)); // Make
    expect(getVerifyErrorCode(dirtyInput, tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a changed structure tag', () => {
    const tampered = Buffer.from(cleaned);
    const [firstIfd = 0] = listIfdOffsets(tampered);
    const widthEntry = findEntryOffset(tampered, firstIfd, 256);
    tampered.writeUInt16LE(tampered.readUInt16LE(widthEntry + 8) + 1, widthEntry + 8);
    expect(getVerifyErrorCode(dirtyInput, tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a missing structure tag', () => {
    const withoutPlanar = { ...page, entries: page.entries.filter((entry) => entry.tag !== 284) };
    const input = buildTiff([page]);
    expect(getVerifyErrorCode(input, buildTiff([withoutPlanar]))).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a dropped page', () => {
    const tampered = Buffer.from(cleaned);
    const [firstIfd = 0] = listIfdOffsets(tampered);
    tampered.writeUInt32LE(0, firstIfd + 2 + tampered.readUInt16LE(firstIfd) * 12);
    expect(getVerifyErrorCode(dirtyInput, tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects bytes appended after the last structure', () => {
    const tampered = Buffer.concat([cleaned, Buffer.from('GPS 48.85 N')]);
    expect(getVerifyErrorCode(dirtyInput, tampered)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects unreferenced bytes between structures', () => {
    const hidden = buildTiff([page], { prelude: Buffer.from('an orphaned XMP packet') });
    expect(getVerifyErrorCode(buildTiff([page]), hidden)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a different byte order', () => {
    const input = buildTiff([page]);
    const bigEndian = buildTiff([page], { littleEndian: false });
    expect(getVerifyErrorCode(input, bigEndian)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an output it cannot read', () => {
    expect(getVerifyErrorCode(dirtyInput, cleaned.subarray(0, 40))).toBe('E_VERIFY_STRUCTURE');
  });

  it.each([
    ['Orientation', { orientation: false }, { tag: 274, type: TYPE.short, values: [6] }],
    ['Copyright', { copyright: false }, { tag: 33432, type: TYPE.ascii, text: 'A. Person' }],
    [
      'an ICC profile',
      { colorProfile: false },
      { tag: 34675, type: TYPE.undefined, bytes: buildAdobeRgbProfile() },
    ],
  ] as const)('rejects %s the policy drops', (_name, override, entry) => {
    const file = buildTiff([addEntries(page, [entry])]);
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, ...override };
    const allowing: KeepPolicy = { ...DEFAULT_KEEP_POLICY, copyright: true };
    expect(getVerifyErrorCode(file, file, allowing)).toBe('accepted');
    expect(getVerifyErrorCode(file, file, policy)).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects an ICC profile the input did not imply', () => {
    const profile = { tag: 34675, type: TYPE.undefined, bytes: buildAdobeRgbProfile() };
    const output = buildTiff([addEntries(page, [profile])]);
    expect(getVerifyErrorCode(buildTiff([page]), output)).toBe('E_VERIFY_STRUCTURE');
  });

  describe('with the capture date kept', () => {
    const date: TestEntry = { tag: 0x9003, type: TYPE.ascii, text: '2021:02:03 04:05:06' };
    const exposure: TestEntry = { tag: 0x829a, type: TYPE.rational, values: [1, 100] };

    it('accepts an Exif IFD with only the date', () => {
      const input = buildTiff([{ ...page, exif: [date, exposure] }]);
      const output = stripTiff(input, DATE_POLICY).bytes;
      expect(getVerifyErrorCode(input, output, DATE_POLICY)).toBe('accepted');
    });

    it('rejects an Exif IFD with more than the date', () => {
      const input = buildTiff([{ ...page, exif: [date, exposure] }]);
      expect(getVerifyErrorCode(input, input, DATE_POLICY)).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects a changed date', () => {
      const input = buildTiff([{ ...page, exif: [date] }]);
      const output = buildTiff([{ ...page, exif: [{ ...date, text: '2022:02:03 04:05:06' }] }]);
      expect(getVerifyErrorCode(input, input, DATE_POLICY)).toBe('accepted');
      expect(getVerifyErrorCode(input, output, DATE_POLICY)).toBe('E_VERIFY_STRUCTURE');
    });

    it('rejects the Exif IFD when the policy drops the date', () => {
      const input = buildTiff([{ ...page, exif: [date] }]);
      expect(getVerifyErrorCode(input, input, DEFAULT_KEEP_POLICY)).toBe('E_VERIFY_STRUCTURE');
    });
  });
});
