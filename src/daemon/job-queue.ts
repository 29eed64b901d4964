import { EventEmitter } from 'node:events';
import PQueue from 'p-queue';

/** A job to run for one key. It reports its own failures and should not reject. */
export type JobRun = () => Promise<void>;

/** The outcome of {@link JobQueue.enqueue} for one run. */
export type EnqueueOutcome =
  /** The run waits for a free slot. */
  | 'queued'
  /** A run for the key is already waiting, and it covers this request too. */
  | 'already-queued'
  /** A run for the key is running, so this one starts after it. */
  | 'rerun-after'
  /** A run for the key is running and another already follows it. */
  | 'rerun-already-planned'
  /** The queue is closed. */
  | 'closed';

/** Arguments of each {@link JobQueue} event. */
export interface JobQueueEventMap {
  /** A run rejected, which only a bug in the run can cause. */
  error: [error: unknown, key: string];
  /** Nothing is waiting or running. */
  idle: [];
}

/**
 * Runs jobs with bounded concurrency, at most one per key (a file path) at a time. A key that
 * is waiting is not queued twice, and a request for a key that is running starts one more run
 * after the current one ends, because the file may have changed during the run.
 */
export class JobQueue extends EventEmitter<JobQueueEventMap> {
  readonly #queue: PQueue;
  readonly #waiting = new Set<string>();
  readonly #running = new Set<string>();
  readonly #reruns = new Map<string, JobRun>();
  #isClosed = false;
  #closing: Promise<void> | undefined;

  constructor(options: { readonly concurrency: number }) {
    super();
    this.#queue = new PQueue({ concurrency: options.concurrency });
    this.#queue.on('idle', () => this.emit('idle'));
  }

  /** Jobs waiting for a slot. */
  get waitingCount(): number {
    return this.#waiting.size;
  }

  /** Jobs running now. */
  get runningCount(): number {
    return this.#running.size;
  }

  /** True when nothing is waiting or running. */
  get isIdle(): boolean {
    return this.#queue.size === 0 && this.#queue.pending === 0;
  }

  /** Queues `run` for `key` unless a run for the key already covers the request. */
  enqueue(key: string, run: JobRun): EnqueueOutcome {
    if (this.#isClosed) {
      return 'closed';
    }
    if (this.#waiting.has(key)) {
      return 'already-queued';
    }
    if (this.#running.has(key)) {
      if (this.#reruns.has(key)) {
        return 'rerun-already-planned';
      }
      this.#reruns.set(key, run);
      return 'rerun-after';
    }
    this.#add(key, run);
    return 'queued';
  }

  /** Resolves when nothing is waiting or running, at once if that already holds. */
  onIdle(): Promise<void> {
    return this.#queue.onIdle();
  }

  /**
   * Drops the waiting jobs and planned reruns, and resolves when the running jobs have ended.
   * Every call returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#drain();
    return this.#closing;
  }

  async #drain(): Promise<void> {
    this.#isClosed = true;
    this.#queue.clear();
    this.#waiting.clear();
    this.#reruns.clear();
    await this.#queue.onIdle();
  }

  #add(key: string, run: JobRun): void {
    this.#waiting.add(key);
    this.#queue
      .add(async () => {
        // p-queue starts a task inside add() when a slot is free. Waiting one microtask lets
        // the caller announce the job before it runs.
        await Promise.resolve();
        this.#waiting.delete(key);
        this.#running.add(key);
        try {
          await run();
        } finally {
          this.#running.delete(key);
          this.#startRerun(key);
        }
      })
      .catch((error: unknown) => {
        this.emit('error', error, key);
      });
  }

  /** Queues the planned rerun before the finished job settles, so the queue never looks idle. */
  #startRerun(key: string): void {
    const rerun = this.#reruns.get(key);
    if (rerun === undefined || this.#isClosed) {
      return;
    }
    this.#reruns.delete(key);
    this.#add(key, rerun);
  }
}
