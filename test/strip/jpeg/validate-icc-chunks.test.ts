import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateIccChunks } from '../../../src/strip/jpeg/validate-icc-chunks.js';
import { createJpeg } from './jpeg-fixtures.js';

let profile: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  const withProfile = await sharp(await createJpeg())
    .withIccProfile('p3')
    .jpeg()
    .toBuffer();
  profile = (await sharp(withProfile).metadata()).icc ?? Buffer.alloc(0);
});

/** Builds the payload of one ICC_PROFILE chunk. */
function createChunk(sequence: number, count: number, data: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from('ICC_PROFILE\0', 'latin1'),
    Buffer.from([sequence, count]),
    data,
  ]);
}

/** Splits `profile` into `count` chunks and numbers them in the order of `sequences`. */
function split(count: number, sequences: readonly number[]): Buffer[] {
  const size = Math.ceil(profile.length / count);
  return sequences.map((sequence, index) =>
    createChunk(sequence, count, profile.subarray(index * size, (index + 1) * size)),
  );
}

describe('validateIccChunks', () => {
  it('accepts a profile in one chunk', () => {
    expect(profile.length).toBeGreaterThan(128);
    expect(validateIccChunks([createChunk(1, 1, profile)])).toEqual({ status: 'valid' });
  });

  it('accepts chunks stored out of order', () => {
    expect(validateIccChunks(split(3, [1, 2, 3]).reverse())).toEqual({ status: 'valid' });
  });

  it.each([
    ['a duplicate chunk', () => split(2, [1, 1])],
    ['a missing chunk', () => split(3, [1, 2])],
    ['a chunk numbered past the count', () => split(2, [1, 3])],
    [
      'a count of 0',
      () =>
        split(1, [1]).map((chunk) =>
          Buffer.concat([chunk.subarray(0, 13), Buffer.of(0), chunk.subarray(14)]),
        ),
    ],
    ['a header cut short', () => [Buffer.from('ICC_PROFILE\0\x01', 'latin1')]],
    ['data shorter than an ICC header', () => [createChunk(1, 1, profile.subarray(0, 100))]],
    ['a payload without acsp', () => [createChunk(1, 1, Buffer.alloc(200, 0x41))]],
  ])('rejects %s as unusable', (_title, createChunks) => {
    expect(validateIccChunks(createChunks()).status).toBe('unusable');
  });

  it('reports a size field that differs from the length', () => {
    const verdict = validateIccChunks([
      createChunk(1, 1, Buffer.concat([profile, Buffer.alloc(4)])),
    ]);

    expect(verdict).toEqual({
      status: 'size-mismatch',
      declaredSize: profile.length,
      actualSize: profile.length + 4,
    });
  });
});
