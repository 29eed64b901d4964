import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { rejectWebpChunksHiddenFromReader } from '../../src/verify/reject-webp-chunks-hidden-from-reader.js';
import { orientationTiff } from '../helpers/png-chunks.js';
import {
  createAnimatedWebp,
  createWebp,
  extendSimpleWebp,
  FLAG,
} from '../strip/webp/webp-fixtures.js';

const SIZE = { width: 24, height: 16 } as const;

let lossy: Buffer;
let animated: Buffer;

beforeAll(async () => {
  lossy = await createWebp();
  animated = await createAnimatedWebp();
});

function getErrorCode(bytes: Uint8Array): string {
  try {
    rejectWebpChunksHiddenFromReader(bytes);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

describe('rejectWebpChunksHiddenFromReader', () => {
  it('passes simple, animated and EXIF-carrying files', () => {
    const exif = { fourcc: 'EXIF', data: orientationTiff(6) };

    expect(getErrorCode(lossy)).toBe('passed');
    expect(getErrorCode(animated)).toBe('passed');
    expect(getErrorCode(extendSimpleWebp(lossy, FLAG.exif, SIZE, [exif]))).toBe('passed');
  });

  it.each([
    [
      'an unknown chunk',
      () => extendSimpleWebp(lossy, 0, SIZE, [{ fourcc: 'ZZZZ', data: Buffer.from('id') }]),
    ],
    [
      'a second EXIF chunk',
      () => {
        const exif = { fourcc: 'EXIF', data: orientationTiff(6) };
        return extendSimpleWebp(lossy, FLAG.exif, SIZE, [exif, exif]);
      },
    ],
    ['bytes after the RIFF chunk', () => Buffer.concat([lossy, Buffer.from('tail')])],
  ])('rejects %s', (_name, build) => {
    expect(getErrorCode(build())).toBe('E_VERIFY_READER');
  });
});
