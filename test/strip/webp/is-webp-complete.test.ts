import { beforeAll, describe, expect, it } from 'vitest';
import { isContainerComplete } from '../../../src/strip/is-container-complete.js';
import { isWebpComplete } from '../../../src/strip/webp/is-webp-complete.js';
import { createAnimatedWebp } from './webp-fixtures.js';

let animated: Buffer;

beforeAll(async () => {
  animated = await createAnimatedWebp();
});

describe('isWebpComplete', () => {
  it('accepts a whole file, also with bytes after the RIFF chunk', () => {
    expect(isWebpComplete(animated)).toBe(true);
    expect(isWebpComplete(Buffer.concat([animated, Buffer.from('tail')]))).toBe(true);
  });

  it('rejects a file shorter than its RIFF size', () => {
    expect(isWebpComplete(animated.subarray(0, animated.length - 1))).toBe(false);
    expect(isWebpComplete(animated.subarray(0, 12))).toBe(false);
    expect(isWebpComplete(animated.subarray(0, 6))).toBe(false);
  });

  it('accepts a short file whose chunk runs past its RIFF size', () => {
    // Like the fuzzed corpus file: waiting cannot make such a file valid.
    const file = Buffer.alloc(40);
    file.write('RIFF', 0, 'latin1');
    file.writeUInt32LE(1000, 4);
    file.write('WEBPABCD', 8, 'latin1');
    file.writeUInt32LE(1_000_000_000, 16);

    expect(isWebpComplete(file)).toBe(true);
  });

  it('is what isContainerComplete runs for WebP', () => {
    expect(isContainerComplete(animated)).toBe(true);
    expect(isContainerComplete(animated.subarray(0, 100))).toBe(false);
    expect(isContainerComplete(animated.subarray(0, 3))).toBe(false);
  });
});
