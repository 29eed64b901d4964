import { describe, expect, it } from 'vitest';
import { mapWithBudget } from '../../src/cli/map-with-budget.js';

/** A promise with its resolve function, so a test decides when a task finishes. */
function createDeferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Lets every pending promise callback run. */
function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('mapWithBudget', () => {
  it('returns results in item order', async () => {
    const results = await mapWithBudget(
      [30, 10, 20],
      { maxItems: 3, maxBytes: 100 },
      () => 1,
      async (delay) => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return delay * 2;
      },
    );

    expect(results).toEqual([60, 20, 40]);
  });

  it('reports results in item order', async () => {
    const tasks = [createDeferred<string>(), createDeferred<string>()];
    const reported: string[] = [];
    const mapped = mapWithBudget(
      [0, 1],
      { maxItems: 2, maxBytes: 100 },
      () => 1,
      (index) => (tasks[index] as (typeof tasks)[number]).promise,
      (result) => reported.push(result),
    );

    tasks[1]?.resolve('second');
    await flushPromises();
    expect(reported).toEqual([]);
    tasks[0]?.resolve('first');
    await mapped;
    expect(reported).toEqual(['first', 'second']);
  });

  it('starts no more than maxItems at once', async () => {
    let running = 0;
    let maxRunning = 0;
    await mapWithBudget(
      Array.from({ length: 10 }, (_, index) => index),
      { maxItems: 3, maxBytes: 1_000 },
      () => 1,
      async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await flushPromises();
        running -= 1;
      },
    );

    expect(maxRunning).toBe(3);
  });

  it('keeps the bytes in progress within maxBytes', async () => {
    const tasks = [
      createDeferred<undefined>(),
      createDeferred<undefined>(),
      createDeferred<undefined>(),
    ];
    const started: number[] = [];
    const mapped = mapWithBudget(
      [0, 1, 2],
      { maxItems: 3, maxBytes: 10 },
      () => 6,
      (index) => {
        started.push(index);
        return (tasks[index] as (typeof tasks)[number]).promise;
      },
    );

    await flushPromises();
    expect(started).toEqual([0]);
    tasks[0]?.resolve(undefined);
    await flushPromises();
    expect(started).toEqual([0, 1]);
    tasks[1]?.resolve(undefined);
    tasks[2]?.resolve(undefined);
    await mapped;
    expect(started).toEqual([0, 1, 2]);
  });

  it('runs an item larger than maxBytes alone', async () => {
    const started: number[] = [];
    const results = await mapWithBudget(
      [50, 1],
      { maxItems: 2, maxBytes: 10 },
      (size) => size,
      (size) => {
        started.push(size);
        return Promise.resolve(size);
      },
    );

    expect(results).toEqual([50, 1]);
    expect(started).toEqual([50, 1]);
  });

  it('rejects after running items settle', async () => {
    const slow = createDeferred<string>();
    let isSlowDone = false;
    const started: number[] = [];
    const mapped = mapWithBudget(
      [0, 1, 2],
      { maxItems: 2, maxBytes: 100 },
      () => 1,
      async (index) => {
        started.push(index);
        if (index === 1) {
          throw new Error('task failed');
        }
        const result = await slow.promise;
        isSlowDone = true;
        return result;
      },
    );
    const outcome = mapped.catch((error: unknown) => ({ error, isSlowDone }));

    await flushPromises();
    slow.resolve('done');
    const settled = await outcome;

    expect(settled).toMatchObject({ isSlowDone: true });
    expect((settled as { error: Error }).error.message).toBe('task failed');
    expect(started).toEqual([0, 1]);
  });

  it('resolves empty for no items', async () => {
    expect(
      await mapWithBudget(
        [],
        { maxItems: 1, maxBytes: 1 },
        () => 1,
        () => Promise.resolve(1),
      ),
    ).toEqual([]);
  });
});
