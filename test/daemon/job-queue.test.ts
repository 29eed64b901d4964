import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/daemon/job-queue.js';

/** A job whose end the test decides. */
class ControlledJob {
  starts = 0;
  #finishers: (() => void)[] = [];

  readonly run = (): Promise<void> => {
    this.starts += 1;
    return new Promise((resolve) => this.#finishers.push(resolve));
  };

  finishOne(): void {
    this.#finishers.shift()?.();
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    await Promise.resolve();
  }
}

describe('JobQueue', () => {
  it('runs a key once while it waits', async () => {
    const queue = new JobQueue({ concurrency: 1 });
    const blocker = new ControlledJob();
    const job = new ControlledJob();

    expect(queue.enqueue('/a.jpg', blocker.run)).toBe('queued');
    await flushMicrotasks();
    expect(queue.enqueue('/b.jpg', job.run)).toBe('queued');
    expect(queue.enqueue('/b.jpg', job.run)).toBe('already-queued');
    expect(queue.waitingCount).toBe(1);

    blocker.finishOne();
    await flushMicrotasks();
    job.finishOne();
    await queue.onIdle();

    expect(job.starts).toBe(1);
  });

  it('reruns a key that changed while running', async () => {
    const queue = new JobQueue({ concurrency: 2 });
    const job = new ControlledJob();
    queue.enqueue('/a.jpg', job.run);
    await flushMicrotasks();
    expect(queue.runningCount).toBe(1);

    expect(queue.enqueue('/a.jpg', job.run)).toBe('rerun-after');
    expect(queue.enqueue('/a.jpg', job.run)).toBe('rerun-already-planned');
    expect(job.starts).toBe(1);

    job.finishOne();
    await flushMicrotasks();
    expect(job.starts).toBe(2);
    expect(queue.isIdle).toBe(false);
    job.finishOne();
    await queue.onIdle();

    expect(job.starts).toBe(2);
    expect(queue.isIdle).toBe(true);
  });

  it('starts a job after enqueue returns', async () => {
    const queue = new JobQueue({ concurrency: 1 });
    const job = new ControlledJob();

    queue.enqueue('/a.jpg', job.run);
    expect(job.starts).toBe(0);
    await flushMicrotasks();

    expect(job.starts).toBe(1);
    job.finishOne();
    await queue.onIdle();
  });

  it('respects the concurrency limit', async () => {
    const queue = new JobQueue({ concurrency: 2 });
    const job = new ControlledJob();
    for (const name of ['a', 'b', 'c', 'd']) {
      queue.enqueue(`/${name}.jpg`, job.run);
    }
    await flushMicrotasks();

    expect(queue.runningCount).toBe(2);
    expect(queue.waitingCount).toBe(2);

    for (let i = 0; i < 4; i += 1) {
      job.finishOne();
      await flushMicrotasks();
    }
    await queue.onIdle();
    expect(job.starts).toBe(4);
  });

  it('lets running jobs finish on close', async () => {
    const queue = new JobQueue({ concurrency: 1 });
    const job = new ControlledJob();
    queue.enqueue('/a.jpg', job.run);
    queue.enqueue('/b.jpg', job.run);
    await flushMicrotasks();
    queue.enqueue('/a.jpg', job.run);

    let isClosed = false;
    const closing = queue.close().then(() => {
      isClosed = true;
    });
    await flushMicrotasks();
    expect(isClosed).toBe(false);
    expect(queue.close()).toBe(queue.close());

    job.finishOne();
    await closing;

    expect(job.starts).toBe(1);
    expect(queue.enqueue('/c.jpg', job.run)).toBe('closed');
  });

  it('reports a rejected run as an error event', async () => {
    const queue = new JobQueue({ concurrency: 1 });
    const errors: [unknown, string][] = [];
    queue.on('error', (error, key) => errors.push([error, key]));
    const failure = new Error('bug in the job');

    queue.enqueue('/a.jpg', () => Promise.reject(failure));
    await queue.onIdle();
    await flushMicrotasks();

    expect(errors).toEqual([[failure, '/a.jpg']]);
  });
});
