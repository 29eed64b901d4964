import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { rejectGifBlocksHiddenFromReader } from '../../src/verify/reject-gif-blocks-hidden-from-reader.js';
import {
  applicationExtension,
  commentExtension,
  createAnimatedGif,
  createGif,
  joinGif,
  plainTextExtension,
  splitGif,
} from '../strip/gif/gif-fixtures.js';

let still: Buffer;
let animated: Buffer;

beforeAll(async () => {
  still = await createGif();
  animated = await createAnimatedGif();
});

function getErrorCode(bytes: Uint8Array, policy: KeepPolicy = DEFAULT_KEEP_POLICY): string {
  try {
    rejectGifBlocksHiddenFromReader(bytes, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

function withBlock(gif: Buffer, block: Buffer): Buffer {
  const split = splitGif(gif);
  split.blocks.splice(1, 0, block);
  return joinGif(split);
}

const iccExtension = applicationExtension('ICCRGBG1012', Buffer.from('profile bytes'));

describe('rejectGifBlocksHiddenFromReader', () => {
  it('passes still and animated files with graphic controls and a loop count', () => {
    expect(getErrorCode(still)).toBe('passed');
    expect(getErrorCode(animated)).toBe('passed');
  });

  it('passes an ICC profile only when the policy keeps it', () => {
    const input = withBlock(animated, iccExtension);

    expect(getErrorCode(input)).toBe('passed');
    expect(getErrorCode(input, { ...DEFAULT_KEEP_POLICY, colorProfile: false })).toBe(
      'E_VERIFY_READER',
    );
  });

  it.each([
    ['a comment', () => withBlock(animated, commentExtension('note'))],
    ['a plain-text extension', () => withBlock(animated, plainTextExtension('note'))],
    [
      'an XMP extension',
      () => withBlock(animated, applicationExtension('XMP DataXMP', Buffer.from('<x/>'))),
    ],
    ['bytes after the trailer', () => Buffer.concat([still, Buffer.from('tail')])],
  ])('rejects %s', (_name, build) => {
    expect(getErrorCode(build())).toBe('E_VERIFY_READER');
  });
});
