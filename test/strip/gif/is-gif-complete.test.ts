import { beforeAll, describe, expect, it } from 'vitest';
import { isGifComplete } from '../../../src/strip/gif/is-gif-complete.js';
import { isContainerComplete } from '../../../src/strip/is-container-complete.js';
import { createAnimatedGif } from './gif-fixtures.js';

let animated: Buffer;

beforeAll(async () => {
  animated = await createAnimatedGif();
});

describe('isGifComplete', () => {
  it('accepts a file that reaches its trailer', () => {
    expect(isGifComplete(animated)).toBe(true);
  });

  it('rejects a file cut anywhere before its trailer', () => {
    for (let length = 0; length < animated.length; length += 7) {
      expect(isGifComplete(animated.subarray(0, length)), `cut at ${length}`).toBe(false);
    }
    expect(isGifComplete(animated.subarray(0, -1))).toBe(false);
  });

  it('accepts a corrupt file, which waiting cannot repair', () => {
    const corrupt = Buffer.from(animated);
    corrupt[corrupt.length - 1] = 0x00;

    expect(isGifComplete(corrupt)).toBe(true);
  });

  it('is what isContainerComplete runs for GIF', () => {
    expect(isContainerComplete(animated)).toBe(true);
    expect(isContainerComplete(animated.subarray(0, animated.length - 1))).toBe(false);
    expect(isContainerComplete(animated.subarray(0, 4))).toBe(false);
  });
});
