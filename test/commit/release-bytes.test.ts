import { describe, expect, it } from 'vitest';
import { releaseBytes } from '../../src/commit/release-bytes.js';

describe('releaseBytes', () => {
  it('empties an array covering its buffer', () => {
    const bytes = new Uint8Array(700_000).fill(7);

    releaseBytes(bytes);

    expect(bytes.byteLength).toBe(0);
    expect(bytes.buffer.byteLength).toBe(0);
  });

  it('leaves a view on part of a buffer', () => {
    const whole = new Uint8Array(1024).fill(7);
    const view = whole.subarray(16, 512);

    releaseBytes(view);

    expect(view.byteLength).toBe(496);
    expect(whole[0]).toBe(7);
  });

  it("leaves a buffer from Node's shared pool", () => {
    const pooled = Buffer.from('small');
    const neighbour = Buffer.from('other');

    releaseBytes(pooled);

    expect(pooled.toString()).toBe('small');
    expect(neighbour.toString()).toBe('other');
  });

  it('accepts an empty array', () => {
    const empty = new Uint8Array(0);

    releaseBytes(empty);

    expect(empty.byteLength).toBe(0);
  });
});
