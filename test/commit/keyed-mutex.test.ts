import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/commit/keyed-mutex.js';

/** A promise with its resolve function, to hold a task open. */
function createGate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('KeyedMutex', () => {
  it('runs tasks of one key in call order', async () => {
    const mutex = new KeyedMutex();
    const gate = createGate();
    const log: string[] = [];

    const first = mutex.run('a', async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
    });
    const second = mutex.run('a', () => {
      log.push('second');
      return Promise.resolve();
    });
    await Promise.resolve();
    gate.open();
    await Promise.all([first, second]);

    expect(log).toEqual(['first start', 'first end', 'second']);
  });

  it('runs tasks of other keys at once', async () => {
    const mutex = new KeyedMutex();
    const gate = createGate();
    const log: string[] = [];

    const held = mutex.run('a', () => gate.promise);
    await mutex.run('b', () => {
      log.push('b');
      return Promise.resolve();
    });
    gate.open();
    await held;

    expect(log).toEqual(['b']);
  });

  it('goes on after a failed task', async () => {
    const mutex = new KeyedMutex();

    const failed = mutex.run('a', () => Promise.reject(new Error('disk full')));
    const next = mutex.run('a', () => Promise.resolve('next'));

    await expect(failed).rejects.toThrow('disk full');
    await expect(next).resolves.toBe('next');
  });
});
