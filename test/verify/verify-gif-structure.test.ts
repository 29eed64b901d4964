import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { stripGif } from '../../src/strip/gif/strip-gif.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { verifyGifStructure } from '../../src/verify/verify-gif-structure.js';
import {
  applicationExtension,
  commentExtension,
  createAnimatedGif,
  graphicControlExtension,
  joinGif,
  loopExtension,
  plainTextExtension,
  splitGif,
  type SplitGif,
} from '../strip/gif/gif-fixtures.js';

/** A made-up ICC profile extension; the check compares bytes and never parses the profile. */
const ICC_EXTENSION = applicationExtension('ICCRGBG1012', Buffer.from('profile bytes'));

/** An animation with a comment, an XMP-like extension and an ICC profile, and its output. */
let dirty: Buffer;
let cleaned: Uint8Array;

beforeAll(async () => {
  const animated = await createAnimatedGif(3, 4);
  const split = splitGif(animated);
  split.blocks.splice(1, 0, commentExtension('a note'), ICC_EXTENSION);
  split.blocks.push(applicationExtension('XMP DataXMP', Buffer.from('<x:xmpmeta/>')));
  dirty = joinGif(split);
  cleaned = stripGif(dirty, DEFAULT_KEEP_POLICY).bytes;
});

function getVerifyErrorCode(
  output: Uint8Array,
  policy: KeepPolicy = DEFAULT_KEEP_POLICY,
  input: Uint8Array = dirty,
): string {
  try {
    verifyGifStructure(input, output, policy);
  } catch (error) {
    if (isAppError(error)) {
      return error.code;
    }
    throw error;
  }
  return 'passed';
}

/** Returns the cleaned file with its split form passed through `change`. */
function editCleaned(change: (split: SplitGif) => void): Buffer {
  const split = splitGif(cleaned);
  change(split);
  return joinGif(split);
}

/** Returns the index of the `n`th image block (0-based) of the cleaned file. */
function imageIndex(n: number): number {
  const indexes = splitGif(cleaned).blocks.flatMap((block, i) => (block[0] === 0x2c ? [i] : []));
  const index = indexes[n];
  if (index === undefined) {
    throw new Error(`imageIndex: no image ${n}`);
  }
  return index;
}

function block(split: SplitGif, index: number): Buffer {
  const found = split.blocks[index];
  if (found === undefined) {
    throw new Error(`block: no block ${index}`);
  }
  return found;
}

function withByteChanged(data: Buffer, index: number): Buffer {
  if (index >= data.length) {
    throw new Error(`withByteChanged: no byte ${index}`);
  }
  const copy = Buffer.from(data);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe('verifyGifStructure', () => {
  it('accepts what the stripper writes', () => {
    expect(getVerifyErrorCode(cleaned)).toBe('passed');
    expect(splitGif(cleaned).screen.length, 'a global colour table').toBeGreaterThan(13);
  });

  it('accepts an output without the ICC profile when the policy drops it', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };
    const output = stripGif(dirty, policy).bytes;

    expect(getVerifyErrorCode(output, policy)).toBe('passed');
  });

  it.each([
    ['a comment', () => editCleaned((s) => s.blocks.splice(1, 0, commentExtension('x')))],
    [
      'a plain-text extension',
      () => editCleaned((s) => s.blocks.splice(1, 0, plainTextExtension('x'))),
    ],
    [
      'an XMP extension',
      () =>
        editCleaned((s) => s.blocks.push(applicationExtension('XMP DataXMP', Buffer.from('<x/>')))),
    ],
    [
      'an unknown application extension',
      () =>
        editCleaned((s) => s.blocks.push(applicationExtension('ACMECORP1.0', Buffer.from('id')))),
    ],
    [
      'an ICC profile the input did not have',
      () =>
        editCleaned((s) =>
          s.blocks.push(applicationExtension('ICCRGBG1012', Buffer.from('other'))),
        ),
    ],
    [
      'a changed loop count',
      () =>
        editCleaned((s) => {
          s.blocks[0] = loopExtension(9);
        }),
    ],
    [
      'a loop extension with an extra sub-block',
      () =>
        editCleaned((s) => {
          s.blocks[0] = Buffer.concat([loopExtension(4).subarray(0, -1), Buffer.from([1, 0, 0])]);
        }),
    ],
    [
      'a changed graphic control',
      () =>
        editCleaned((s) => {
          s.blocks[imageIndex(1) - 1] = graphicControlExtension(77);
        }),
    ],
    [
      'a changed image byte',
      () =>
        editCleaned((s) => {
          s.blocks[imageIndex(0)] = withByteChanged(block(s, imageIndex(0)), 12);
        }),
    ],
    ['a frame left out', () => editCleaned((s) => s.blocks.splice(imageIndex(2), 1))],
    [
      'frames in another order',
      () =>
        editCleaned((s) => {
          const first = block(s, imageIndex(0));
          s.blocks[imageIndex(0)] = block(s, imageIndex(1));
          s.blocks[imageIndex(1)] = first;
        }),
    ],
    [
      'a changed screen descriptor',
      () =>
        editCleaned((s) => {
          s.screen = withByteChanged(s.screen, 11);
        }),
    ],
    [
      'a changed global colour table',
      () =>
        editCleaned((s) => {
          s.screen = withByteChanged(s.screen, 13);
        }),
    ],
    ['bytes after the trailer', () => Buffer.concat([cleaned, Buffer.from('x')])],
    ['no trailer', () => cleaned.subarray(0, -1)],
  ])('rejects an output with %s', (_name, build) => {
    expect(getVerifyErrorCode(build())).toBe('E_VERIFY_STRUCTURE');
  });

  it('rejects a kept ICC profile when the policy drops it', () => {
    const policy = { ...DEFAULT_KEEP_POLICY, colorProfile: false };

    expect(getVerifyErrorCode(cleaned, policy)).toBe('E_VERIFY_STRUCTURE');
  });
});
