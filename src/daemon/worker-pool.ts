import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CleanedFile, CleanFileRequest } from '../commit/clean-file-function.js';
import { AppError } from '../shared/errors.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { StripResult } from '../strip/strip-result.js';
import type { CleanReply, CleanRequest } from './clean-worker-protocol.js';
import { postWithTransfer } from './post-with-transfer.js';
import {
  resolveWorkerPoolOptions,
  type ResolvedWorkerPoolOptions,
  type WorkerPoolOptions,
} from './worker-pool-options.js';

/** A successful reply: the strip result, and the SHA-256 of the input when it was requested. */
type CleanedReply = Extract<CleanReply, { ok: true }>;

interface PoolJob {
  readonly jobId: number;
  /** Posts the job's request to `worker`, moving the bytes it carries, if any. */
  readonly post: (worker: Worker, jobId: number) => void;
  readonly resolve: (reply: CleanedReply) => void;
  readonly reject: (error: unknown) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  job: PoolJob | null;
  timer: NodeJS.Timeout | null;
  /** Terminates the worker once it has been idle for `idleTimeoutMs`. */
  idleTimer: NodeJS.Timeout | null;
}

/**
 * Strips and verifies files in worker threads, so that a hostile file cannot stall the thread
 * that runs the watcher and the socket. Each job has a time limit and each worker a heap
 * limit. A worker that exceeds either, or dies, is terminated and replaced by a new one on
 * demand, and its job fails with `E_JOB_TIMEOUT` or `E_WORKER_CRASHED`. Workers start on
 * demand and end after `idleTimeoutMs` without a job.
 *
 * @example
 * const pool = new WorkerPool({ size: 4, jobTimeoutMs: 30_000 });
 * const result = await pool.clean(bytes, policy); // bytes are moved, not copied
 * await pool.close();
 */
export class WorkerPool {
  #options: ResolvedWorkerPoolOptions;
  readonly #workers = new Set<PoolWorker>();
  readonly #idle: PoolWorker[] = [];
  readonly #waiting: PoolJob[] = [];
  readonly #terminations = new Set<Promise<unknown>>();
  #drainWaiters: (() => void)[] = [];
  #nextJobId = 1;
  #isClosed = false;
  #closing: Promise<void> | undefined;

  /**
   * @throws RangeError for invalid options, and AppError `E_INTERNAL` when the worker entry
   *   file does not exist.
   */
  constructor(options: WorkerPoolOptions = {}) {
    this.#options = resolveWorkerPoolOptions(options);
  }

  /** Worker threads alive now, busy or idle. */
  get workerCount(): number {
    return this.#workers.size;
  }

  /**
   * Strips and verifies `bytes` in a worker, as `cleanBytes` does. The memory of `bytes` moves
   * to the worker, so the array is empty once the job starts (a view on part of a larger
   * buffer is copied instead). With `changed: false`, `result.bytes` is the input again.
   *
   * @throws AppError (as a rejection) from stripping and verifying, `E_JOB_TIMEOUT` after
   *   `jobTimeoutMs`, `E_WORKER_CRASHED` when the worker ran out of heap or died, and
   *   `E_INTERNAL` once the pool is closed.
   */
  async clean(bytes: Uint8Array, policy: KeepPolicy): Promise<StripResult> {
    const reply = await this.#submit((worker, jobId) => {
      postWithTransfer(worker, bytes, (movable): CleanRequest => {
        return { kind: 'bytes', jobId, bytes: movable, policy };
      });
    });
    return reply.result;
  }

  /**
   * Reads the file in a worker, as `readSourceContents` does, then strips and verifies it as
   * {@link clean} does. The calling thread receives only the result, so it allocates no buffer
   * for the input, and a `changed: true` result carries only the cleaned bytes.
   * NOTE: `jobTimeoutMs` covers the read too, so a large file on a slow drive can time out
   * where reading it on the calling thread first would not.
   *
   * @throws AppError (as a rejection) from reading (`E_NOT_FOUND`, `E_NOT_A_FILE`,
   *   `E_PERMISSION`, `E_SOURCE_CHANGED`), and the errors of {@link clean}.
   */
  async cleanFile(request: CleanFileRequest): Promise<CleanedFile> {
    const reply = await this.#submit((worker, jobId) => {
      // Only the identity fields cross, because a whole `BigIntStats` arrives as a plain object.
      const { dev, ino, size, mtimeNs } = request.stats;
      const message: CleanRequest = {
        kind: 'file',
        jobId,
        filePath: request.filePath,
        stats: { dev, ino, size, mtimeNs },
        policy: request.policy,
        hash: request.hash,
      };
      worker.postMessage(message);
    });
    return { result: reply.result, sha256: reply.sha256 };
  }

  #submit(post: PoolJob['post']): Promise<CleanedReply> {
    if (this.#isClosed) {
      return Promise.reject(createClosedError());
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ jobId: this.#nextJobId++, post, resolve, reject });
      this.#dispatch();
    });
  }

  /**
   * Starts every worker now instead of at the first job, so each loads the strippers and
   * ExifReader while the caller is still preparing its jobs. The workers wait as idle ones do,
   * and end after `idleTimeoutMs` without a job.
   */
  startWorkers(): void {
    while (!this.#isClosed) {
      const slot = this.#spawnIfRoom();
      if (slot === null) {
        return;
      }
      this.#release(slot);
    }
  }

  /**
   * Changes the time limit for jobs that start from now on, as after a config reload.
   *
   * @throws RangeError when `jobTimeoutMs` is not a positive integer.
   */
  setJobTimeoutMs(jobTimeoutMs: number): void {
    this.#options = resolveWorkerPoolOptions({ ...this.#options, jobTimeoutMs });
  }

  /**
   * Rejects the jobs still waiting for a worker, lets the running ones finish, and terminates
   * every worker. Every call returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#isClosed = true;
    for (const job of this.#waiting.splice(0)) {
      job.reject(createClosedError());
    }
    await this.#onDrained();
    for (const slot of [...this.#workers]) {
      this.#retire(slot);
    }
    await Promise.all(this.#terminations);
  }

  #dispatch(): void {
    while (this.#waiting.length > 0) {
      const slot = this.#idle.pop() ?? this.#spawnIfRoom();
      const job = slot === null ? undefined : this.#waiting.shift();
      if (slot === null || job === undefined) {
        return;
      }
      this.#start(slot, job);
    }
  }

  #spawnIfRoom(): PoolWorker | null {
    if (this.#workers.size >= this.#options.size) {
      return null;
    }
    loadSharpOnThisThread();
    const worker = new Worker(this.#options.workerUrl, {
      resourceLimits: {
        maxOldGenerationSizeMb: this.#options.maxHeapMb,
        maxYoungGenerationSizeMb: this.#options.maxYoungGenerationSizeMb,
      },
    });
    const slot: PoolWorker = { worker, job: null, timer: null, idleTimer: null };
    this.#workers.add(slot);
    worker.on('message', (reply: CleanReply) => {
      this.#handleReply(slot, reply);
    });
    worker.on('messageerror', (error) => {
      this.#handleCrash(slot, error);
    });
    worker.on('error', (error) => {
      this.#handleCrash(slot, error);
    });
    worker.on('exit', (exitCode) => {
      this.#handleCrash(slot, new Error(`the worker exited with code ${exitCode}`));
    });
    return slot;
  }

  #start(slot: PoolWorker, job: PoolJob): void {
    this.#stopIdleTimer(slot);
    slot.job = job;
    slot.timer = setTimeout(() => {
      this.#handleTimeout(slot);
    }, this.#options.jobTimeoutMs);
    slot.worker.ref();
    try {
      job.post(slot.worker, job.jobId);
    } catch (error) {
      this.#finishJob(slot);
      job.reject(error);
      this.#release(slot);
    }
  }

  #handleReply(slot: PoolWorker, reply: CleanReply): void {
    const job = slot.job;
    if (job?.jobId !== reply.jobId) {
      return;
    }
    this.#finishJob(slot);
    if (reply.ok) {
      job.resolve(reply);
    } else if (reply.code === null) {
      job.reject(new Error(reply.message));
    } else {
      const options = reply.path === null ? {} : { path: reply.path };
      job.reject(new AppError(reply.code, reply.message, options));
    }
    this.#release(slot);
  }

  #handleTimeout(slot: PoolWorker): void {
    const job = this.#finishJob(slot);
    this.#retire(slot);
    job?.reject(
      new AppError(
        'E_JOB_TIMEOUT',
        `Cleaning took longer than the limit of ${this.#options.jobTimeoutMs} ms, so it was stopped and the file was left untouched. Such a file is most likely malformed; if it is a genuine large image, raise limits.jobTimeoutMs.`,
      ),
    );
    this.#dispatch();
  }

  #handleCrash(slot: PoolWorker, error: unknown): void {
    if (!this.#workers.has(slot)) {
      return;
    }
    const job = this.#finishJob(slot);
    this.#retire(slot);
    job?.reject(this.#createCrashError(error));
    this.#dispatch();
  }

  #createCrashError(error: unknown): AppError {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new AppError(
        'E_WORKER_CRASHED',
        `Cleaning needed more than the ${this.#options.maxHeapMb} MiB memory limit of a worker, so it was stopped and the file was left untouched. Such a file is most likely malformed.`,
        { cause: error },
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new AppError(
      'E_WORKER_CRASHED',
      `The worker cleaning this file failed (${detail}), so the file was left untouched. Other files are not affected; try this one again, and report it if it keeps failing.`,
      { cause: error },
    );
  }

  /** Clears the job of `slot` and its timer, and returns the job. */
  #finishJob(slot: PoolWorker): PoolJob | null {
    const job = slot.job;
    if (slot.timer !== null) {
      clearTimeout(slot.timer);
    }
    slot.job = null;
    slot.timer = null;
    this.#notifyIfDrained();
    return job;
  }

  /** Returns a worker whose job ended normally to the idle list, or ends it when closing. */
  #release(slot: PoolWorker): void {
    if (this.#isClosed) {
      this.#retire(slot);
      return;
    }
    // An idle worker must not keep the process alive.
    slot.worker.unref();
    this.#idle.push(slot);
    // A worker keeps 30 MB or more of resident memory while it lives, so one that gets no job
    // for `idleTimeoutMs` ends, and the next job starts a new one.
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      this.#retire(slot);
    }, this.#options.idleTimeoutMs);
    slot.idleTimer.unref();
    this.#dispatch();
  }

  #stopIdleTimer(slot: PoolWorker): void {
    if (slot.idleTimer !== null) {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
    }
  }

  /** Removes `slot` from the pool and terminates its thread; its `exit` is then expected. */
  #retire(slot: PoolWorker): void {
    this.#stopIdleTimer(slot);
    this.#workers.delete(slot);
    const idleIndex = this.#idle.indexOf(slot);
    if (idleIndex !== -1) {
      this.#idle.splice(idleIndex, 1);
    }
    // NOTE: terminate() stops JavaScript at once, but a sharp operation of the lossy opt-ins
    // runs on, holding one libuv thread, until libvips finishes it. limitInputPixels bounds
    // that work.
    const termination = slot.worker.terminate().catch(() => undefined);
    this.#terminations.add(termination);
    void termination.finally(() => this.#terminations.delete(termination));
  }

  #onDrained(): Promise<void> {
    if (this.#countBusy() === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #notifyIfDrained(): void {
    if (this.#countBusy() > 0) {
      return;
    }
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) {
      resolve();
    }
  }

  #countBusy(): number {
    return [...this.#workers].filter((slot) => slot.job !== null).length;
  }
}

function createClosedError(): AppError {
  return new AppError(
    'E_INTERNAL',
    'The worker pool is closed because the daemon is stopping; the file was left untouched and is cleaned after the next start.',
  );
}

const require = createRequire(import.meta.url);
let isSharpLoaded = false;

/**
 * Loads sharp on this thread before the first worker starts. On glibc Linux, libvips's shared
 * libraries must stay loaded after a worker that used them exits, or the next worker that
 * loads sharp fails to register its types. It loads here rather than at import, so a daemon
 * that has cleaned nothing yet does not carry sharp (about 24 MB), and synchronously, so that
 * no worker starts before it.
 */
function loadSharpOnThisThread(): void {
  if (isSharpLoaded) {
    return;
  }
  isSharpLoaded = true;
  try {
    require('sharp');
  } catch {
    // Each worker loads sharp too, and reports a broken install as its job's failure.
  }
}
