import { assertWorkerEntryExists, resolveCleanWorkerUrl } from './resolve-clean-worker-url.js';

/** Options for {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /**
   * The maximum number of worker threads, and so of files cleaned at the same time.
   * @default 4
   */
  readonly size?: number;
  /**
   * How long one file may take in its worker, in milliseconds, counted from when the job is
   * sent to it. A job still running then is stopped with `E_JOB_TIMEOUT`.
   * @default 30_000
   */
  readonly jobTimeoutMs?: number;
  /**
   * The V8 heap limit of each worker (`resourceLimits.maxOldGenerationSizeMb`), in MiB. A job
   * that exceeds it is stopped with `E_WORKER_CRASHED`. The limit does not count file bytes,
   * which live in ArrayBuffers outside the heap. It bounds what parsing builds from them, such
   * as a second reader's tag objects and strings.
   * @default 512
   */
  readonly maxHeapMb?: number;
  /**
   * The V8 young generation limit of each worker (`resourceLimits.maxYoungGenerationSizeMb`),
   * in MiB. V8 grows the young generation to its limit under allocation-heavy work, and that
   * memory stays resident while the worker lives.
   * @default 4
   */
  readonly maxYoungGenerationSizeMb?: number;
  /**
   * How long a worker may stay without a job before it is terminated, in milliseconds. The
   * next job starts a new worker.
   * @default 10_000
   */
  readonly idleTimeoutMs?: number;
  /**
   * The worker entry file.
   * @default resolveCleanWorkerUrl(), the compiled `clean-worker.js`
   */
  readonly workerUrl?: URL;
}

/** {@link WorkerPoolOptions} with every default filled in. */
export type ResolvedWorkerPoolOptions = Readonly<Required<WorkerPoolOptions>>;

/**
 * Fills in the defaults of {@link WorkerPoolOptions} and validates them.
 *
 * @throws RangeError for a size, timeout or heap limit that is not a positive integer.
 * @throws AppError `E_INTERNAL` when the worker entry file does not exist.
 */
export function resolveWorkerPoolOptions(
  options: WorkerPoolOptions = {},
): ResolvedWorkerPoolOptions {
  const resolved = {
    size: options.size ?? 4,
    jobTimeoutMs: options.jobTimeoutMs ?? 30_000,
    // NOTE: 512 MiB is an estimate of ample room for parsing metadata, not a measured need.
    maxHeapMb: options.maxHeapMb ?? 512,
    // NOTE: measured on one 2-core machine, two workers cleaning 300 JPEGs of 0.8 MB peaked at
    // 192 to 195 MB of RSS with 4 MiB against 218 to 233 MB with V8's default, in about the
    // same time. With 5 MB JPEGs the file buffers dominate, and the limit made no difference.
    maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? 4,
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
    workerUrl: options.workerUrl ?? resolveCleanWorkerUrl(),
  };
  const names = [
    'size',
    'jobTimeoutMs',
    'maxHeapMb',
    'maxYoungGenerationSizeMb',
    'idleTimeoutMs',
  ] as const;
  for (const name of names) {
    assertPositiveInteger(name, resolved[name]);
  }
  assertWorkerEntryExists(resolved.workerUrl);
  return Object.freeze(resolved);
}

function assertPositiveInteger(name: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new RangeError(
      `\`${name}\` must be a positive integer; received ${String(value)} (${typeof value})`,
    );
  }
}
