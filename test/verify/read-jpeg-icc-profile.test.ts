import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readJpegIccProfile } from '../../src/verify/read-jpeg-icc-profile.js';
import { createJpeg } from '../strip/jpeg/jpeg-fixtures.js';

let profile: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  const withProfile = await sharp(await createJpeg())
    .withIccProfile('p3')
    .jpeg()
    .toBuffer();
  profile = (await sharp(withProfile).metadata()).icc ?? Buffer.alloc(0);
});

function createChunk(sequence: number, count: number, data: Uint8Array): Buffer {
  return Buffer.concat([
    Buffer.from('ICC_PROFILE\0', 'latin1'),
    Buffer.from([sequence, count]),
    data,
  ]);
}

describe('readJpegIccProfile', () => {
  it('reassembles chunks in sequence order', () => {
    const half = Math.ceil(profile.length / 2);
    const chunks = [
      createChunk(2, 2, profile.subarray(half)),
      createChunk(1, 2, profile.subarray(0, half)),
    ];

    expect(readJpegIccProfile(chunks)?.equals(profile)).toBe(true);
  });

  it.each([
    ['no chunks', () => []],
    [
      'a chunk of another identifier',
      () => [Buffer.concat([Buffer.from('ICC_PROFILX\0\x01\x01'), profile])],
    ],
    ['two chunks numbered 1', () => [createChunk(1, 2, profile), createChunk(1, 2, profile)]],
    ['a count that differs from the chunks present', () => [createChunk(1, 2, profile)]],
    [
      'bytes beyond the size field',
      () => [createChunk(1, 1, Buffer.concat([profile, Buffer.of(0)]))],
    ],
    ['a profile cut short', () => [createChunk(1, 1, profile.subarray(0, profile.length - 1))]],
    ['a missing acsp signature', () => [createChunk(1, 1, Buffer.from(profile).fill(0, 36, 40))]],
  ])('returns null for %s', (_title, createChunks) => {
    expect(readJpegIccProfile(createChunks())).toBeNull();
  });
});
