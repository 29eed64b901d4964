import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadBuffers } from '../../src/daemon/read-buffers.js';

const MAX_REUSED_BYTES = 1024;
const IDLE_RELEASE_MS = 2_000;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ReadBuffers', () => {
  it('returns a buffer of at least the size', () => {
    const buffers = new ReadBuffers(MAX_REUSED_BYTES, IDLE_RELEASE_MS);

    const buffer = buffers.acquire(100);

    expect(buffer.length).toBeGreaterThanOrEqual(100);
  });

  it('reuses a released buffer', () => {
    const buffers = new ReadBuffers(MAX_REUSED_BYTES, IDLE_RELEASE_MS);
    const first = buffers.acquire(500);
    buffers.release(first);

    const second = buffers.acquire(400);

    expect(second).toBe(first);
  });

  it('replaces a spare buffer that is too small', () => {
    const buffers = new ReadBuffers(MAX_REUSED_BYTES, IDLE_RELEASE_MS);
    const small = buffers.acquire(100);
    buffers.release(small);

    const large = buffers.acquire(800);

    expect(large).not.toBe(small);
    expect(large.length).toBeGreaterThanOrEqual(800);
  });

  it('keeps no buffer above the maximum', () => {
    const buffers = new ReadBuffers(MAX_REUSED_BYTES, IDLE_RELEASE_MS);
    const huge = buffers.acquire(MAX_REUSED_BYTES + 1);
    buffers.release(huge);

    const next = buffers.acquire(10);

    expect(next).not.toBe(huge);
  });

  it('drops spare buffers after the idle time', () => {
    const buffers = new ReadBuffers(MAX_REUSED_BYTES, IDLE_RELEASE_MS);
    const first = buffers.acquire(500);
    buffers.release(first);

    vi.advanceTimersByTime(IDLE_RELEASE_MS);
    const second = buffers.acquire(500);

    expect(second).not.toBe(first);
  });

  it('keeps spare buffers while reads continue', () => {
    const buffers = new ReadBuffers(MAX_REUSED_BYTES, IDLE_RELEASE_MS);
    const first = buffers.acquire(500);
    buffers.release(first);

    vi.advanceTimersByTime(IDLE_RELEASE_MS - 1);
    const second = buffers.acquire(500);

    expect(second).toBe(first);
  });
});
