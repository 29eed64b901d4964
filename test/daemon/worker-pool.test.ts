import { createHash } from 'node:crypto';
import { appendFile, lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../src/commit/clean-bytes.js';
import { configSchema } from '../../src/config/config-schema.js';
import { createDaemon, type Daemon } from '../../src/daemon/daemon.js';
import type { JobResult } from '../../src/daemon/daemon-events.js';
import { resolveCleanWorkerUrl } from '../../src/daemon/resolve-clean-worker-url.js';
import { WorkerPool } from '../../src/daemon/worker-pool.js';
import { resolveWorkerPoolOptions } from '../../src/daemon/worker-pool-options.js';
import { isAppError } from '../../src/shared/errors.js';
import { resolveLocations } from '../../src/shared/paths.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';

const MISBEHAVING_WORKER = new URL('./misbehaving-clean-worker.js', import.meta.url);
/** Long enough for a fresh worker to start and reply on a loaded 2-core machine. */
const JOB_TIMEOUT_MS = 3_000;

const pools: WorkerPool[] = [];
const daemons: Daemon[] = [];

afterEach(async () => {
  await Promise.all(daemons.splice(0).map((daemon) => daemon.close()));
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await removeTempDirs();
});

afterAll(closeExifTool);

function createPool(options: ConstructorParameters<typeof WorkerPool>[0] = {}): WorkerPool {
  const pool = new WorkerPool(options);
  pools.push(pool);
  return pool;
}

function createMisbehavingPool(
  options: { size?: number; maxHeapMb?: number; idleTimeoutMs?: number } = {},
): WorkerPool {
  return createPool({ workerUrl: MISBEHAVING_WORKER, jobTimeoutMs: JOB_TIMEOUT_MS, ...options });
}

/** Returns the bytes that make the misbehaving worker act out `word`. */
function encodeCommand(word: 'hang' | 'oom' | 'exit' | 'throw' | 'slow' | 'echo'): Uint8Array {
  return new TextEncoder().encode(`${word} ${'.'.repeat(64)}`);
}

/** Resolves with the error code that `promise` rejects with. */
async function getRejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'resolved';
}

async function createDirtyJpegBytes(orientation?: number): Promise<Buffer> {
  const filePath = path.join(await createTempDir(), 'dirty.jpg');
  await createDirtyJpeg(filePath, orientation === undefined ? {} : { orientation });
  return readFile(filePath);
}

describe('resolveWorkerPoolOptions', () => {
  it('fills in the defaults', () => {
    const options = resolveWorkerPoolOptions();

    expect(options.size).toBe(4);
    expect(options.jobTimeoutMs).toBe(30_000);
    expect(options.maxHeapMb).toBe(512);
    expect(options.maxYoungGenerationSizeMb).toBe(4);
    expect(options.idleTimeoutMs).toBe(10_000);
    expect(options.workerUrl.href).toMatch(/\/dist\/daemon\/clean-worker\.js$/);
    expect(Object.isFrozen(options)).toBe(true);
  });

  it.each([
    ['size', { size: 0 }],
    ['jobTimeoutMs', { jobTimeoutMs: 1.5 }],
    ['maxHeapMb', { maxHeapMb: -1 }],
    ['maxYoungGenerationSizeMb', { maxYoungGenerationSizeMb: 0 }],
    ['idleTimeoutMs', { idleTimeoutMs: Number.NaN }],
  ])('rejects an invalid %s', (name, options) => {
    expect(() => resolveWorkerPoolOptions(options)).toThrow(RangeError);
    expect(() => resolveWorkerPoolOptions(options)).toThrow(`\`${name}\``);
  });

  it('rejects a worker entry that does not exist', async () => {
    const missing = new URL(`file://${await createTempDir()}/clean-worker.js`);
    let code: string | null = null;
    try {
      resolveWorkerPoolOptions({ workerUrl: missing });
    } catch (error) {
      code = isAppError(error) ? error.code : null;
    }

    expect(code).toBe('E_INTERNAL');
  });
});

describe('resolveCleanWorkerUrl', () => {
  it('points TypeScript sources at the compiled worker in dist', () => {
    const url = resolveCleanWorkerUrl('file:///repo/src/daemon/resolve-clean-worker-url.ts');

    expect(url.href).toBe('file:///repo/dist/daemon/clean-worker.js');
  });

  it('points compiled code at the worker beside it', () => {
    const url = resolveCleanWorkerUrl('file:///repo/dist/daemon/resolve-clean-worker-url.js');

    expect(url.href).toBe('file:///repo/dist/daemon/clean-worker.js');
  });
});

describe('WorkerPool', () => {
  it.skipIf(!isExifToolAvailable())('cleans exactly as cleanBytes does', async () => {
    const input = await createDirtyJpegBytes();
    const expected = await cleanBytes(input, DEFAULT_KEEP_POLICY);

    const result = await createPool({ size: 1 }).clean(Uint8Array.from(input), DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(true);
    expect(result.removed).toEqual(expected.removed);
    expect(result.kept).toEqual(expected.kept);
    expect(Buffer.from(result.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
  });

  it.skipIf(!isExifToolAvailable())('moves the input to the worker without copying', async () => {
    const pool = createPool({ size: 1 });
    const cleaned = await pool.clean(await createDirtyJpegBytes(), DEFAULT_KEEP_POLICY);
    const input = new Uint8Array(cleaned.bytes);
    const original = input.slice();

    const result = await pool.clean(input, DEFAULT_KEEP_POLICY);

    expect(input.byteLength).toBe(0);
    expect(result.changed).toBe(false);
    expect(Buffer.from(result.bytes).equals(Buffer.from(original))).toBe(true);
  });

  it.skipIf(!isExifToolAvailable())('reads and cleans a file by its path', async () => {
    const filePath = path.join(await createTempDir(), 'dirty.jpg');
    await createDirtyJpeg(filePath);
    const input = await readFile(filePath);
    const expected = await cleanBytes(Uint8Array.from(input), DEFAULT_KEEP_POLICY);
    const stats = await lstat(filePath, { bigint: true });

    const cleaned = await createPool({ size: 1 }).cleanFile({
      filePath,
      stats,
      policy: DEFAULT_KEEP_POLICY,
      hash: true,
    });

    expect(cleaned.result.changed).toBe(true);
    expect(cleaned.result.removed).toEqual(expected.removed);
    expect(Buffer.from(cleaned.result.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
    expect(cleaned.sha256).toBe(createHash('sha256').update(input).digest('hex'));
  });

  it.skipIf(!isExifToolAvailable())('returns no hash unless asked', async () => {
    const filePath = path.join(await createTempDir(), 'dirty.jpg');
    await createDirtyJpeg(filePath);
    const stats = await lstat(filePath, { bigint: true });

    const cleaned = await createPool({ size: 1 }).cleanFile({
      filePath,
      stats,
      policy: DEFAULT_KEEP_POLICY,
      hash: false,
    });

    expect(cleaned.sha256).toBeNull();
  });

  it.skipIf(!isExifToolAvailable())('rejects a file changed after its lstat', async () => {
    const filePath = path.join(await createTempDir(), 'dirty.jpg');
    await createDirtyJpeg(filePath);
    const stats = await lstat(filePath, { bigint: true });
    await appendFile(filePath, 'more');

    const cleaning = createPool({ size: 1 }).cleanFile({
      filePath,
      stats,
      policy: DEFAULT_KEEP_POLICY,
      hash: true,
    });

    await expect(cleaning).rejects.toMatchObject({ code: 'E_SOURCE_CHANGED', path: filePath });
  });

  it('rejects a missing file with its path', async () => {
    const filePath = path.join(await createTempDir(), 'gone.jpg');
    const stats = { dev: 1n, ino: 1n, size: 1n, mtimeNs: 1n };

    const cleaning = createPool({ size: 1 }).cleanFile({
      filePath,
      stats,
      policy: DEFAULT_KEEP_POLICY,
      hash: true,
    });

    await expect(cleaning).rejects.toMatchObject({ code: 'E_NOT_FOUND', path: filePath });
  });

  it('copies a view on part of a larger buffer', async () => {
    const buffer = new Uint8Array(1024).fill(7);
    const view = buffer.subarray(16, 512);

    await getRejectionCode(createPool({ size: 1 }).clean(view, DEFAULT_KEEP_POLICY));

    expect(view.byteLength).toBe(496);
    expect(buffer.every((byte) => byte === 7)).toBe(true);
  });

  it('keeps the error code across the thread boundary', async () => {
    const pool = createPool({ size: 1 });
    let caught: unknown;
    try {
      await pool.clean(new TextEncoder().encode('not an image at all'), DEFAULT_KEEP_POLICY);
    } catch (error) {
      caught = error;
    }

    expect(isAppError(caught)).toBe(true);
    expect((caught as { code?: unknown }).code).toBe('E_UNSUPPORTED_FORMAT');
  });

  it.skipIf(!isExifToolAvailable())('runs the lossy sharp path in the worker', async () => {
    const input = await createDirtyJpegBytes(6);
    const policy: KeepPolicy = { ...DEFAULT_KEEP_POLICY, orientation: 'bake' };
    const before = await sharp(input).metadata();

    const result = await createPool({ size: 1 }).clean(input, policy);

    const after = await sharp(result.bytes).metadata();
    expect(result.removed).toContain('orientation');
    expect(after.orientation ?? 1).toBe(1);
    expect([after.width, after.height]).toEqual([before.height, before.width]);
  });
});

describe('WorkerPool with a misbehaving worker', () => {
  it('stops a job at the time limit and replaces the worker', async () => {
    const pool = createMisbehavingPool({ size: 1 });

    const code = await getRejectionCode(pool.clean(encodeCommand('hang'), DEFAULT_KEEP_POLICY));
    const next = await pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY);

    expect(code).toBe('E_JOB_TIMEOUT');
    expect(next.changed).toBe(false);
    expect(pool.workerCount).toBe(1);
  });

  it('applies a new time limit to later jobs', async () => {
    // A 'slow' job takes 200 ms after its worker starts, so it fails at 50 ms and passes at 20 s.
    const pool = createPool({ workerUrl: MISBEHAVING_WORKER, jobTimeoutMs: 50, size: 1 });
    pool.setJobTimeoutMs(20_000);

    const result = await pool.clean(encodeCommand('slow'), DEFAULT_KEEP_POLICY);

    expect(result.changed).toBe(false);
    expect(() => {
      pool.setJobTimeoutMs(0);
    }).toThrow(RangeError);
  });

  it('stops a worker that exceeds its heap limit', async () => {
    const pool = createMisbehavingPool({ size: 1, maxHeapMb: 16 });

    const code = await getRejectionCode(pool.clean(encodeCommand('oom'), DEFAULT_KEEP_POLICY));
    const next = await pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY);

    expect(code).toBe('E_WORKER_CRASHED');
    expect(next.changed).toBe(false);
  });

  it.each(['exit', 'throw'] as const)('reports a worker that dies by %s', async (word) => {
    const pool = createMisbehavingPool({ size: 1 });

    const code = await getRejectionCode(pool.clean(encodeCommand(word), DEFAULT_KEEP_POLICY));
    const next = await pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY);

    expect(code).toBe('E_WORKER_CRASHED');
    expect(next.changed).toBe(false);
  });

  it('runs no more workers than its size', async () => {
    const pool = createMisbehavingPool({ size: 2 });

    const jobs = Array.from({ length: 5 }, () =>
      pool.clean(encodeCommand('slow'), DEFAULT_KEEP_POLICY),
    );
    const countWhileBusy = pool.workerCount;
    const results = await Promise.all(jobs);

    expect(countWhileBusy).toBe(2);
    expect(results.every((result) => !result.changed)).toBe(true);
    expect(pool.workerCount).toBe(2);
  });

  it('starts workers before the first job', async () => {
    const pool = createMisbehavingPool({ size: 2 });

    pool.startWorkers();
    const countBeforeJobs = pool.workerCount;
    const results = await Promise.all([
      pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY),
      pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY),
      pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY),
    ]);

    expect(countBeforeJobs).toBe(2);
    expect(results.every((result) => !result.changed)).toBe(true);
    expect(pool.workerCount).toBe(2);
  });

  it('ends a started worker left idle', async () => {
    const pool = createMisbehavingPool({ size: 1, idleTimeoutMs: 50 });

    pool.startWorkers();
    const countAfterStart = pool.workerCount;
    await waitUntil(() => pool.workerCount === 0, { description: 'the idle worker to end' });

    expect(countAfterStart).toBe(1);
  });

  it('ends a worker left idle', async () => {
    const pool = createMisbehavingPool({ size: 1, idleTimeoutMs: 50 });

    await pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY);
    const countAfterJob = pool.workerCount;
    await waitUntil(() => pool.workerCount === 0, { description: 'the idle worker to end' });
    const next = await pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY);

    expect(countAfterJob).toBe(1);
    expect(next.changed).toBe(false);
    expect(pool.workerCount).toBe(1);
  });

  it('keeps a worker that gets jobs', async () => {
    const pool = createMisbehavingPool({ size: 1, idleTimeoutMs: 150 });

    // Each 'slow' job takes 200 ms, longer than the idle timeout, and the next one follows at
    // once, so the idle timer never fires while the worker runs a job.
    for (let index = 0; index < 3; index += 1) {
      await pool.clean(encodeCommand('slow'), DEFAULT_KEEP_POLICY);
      expect(pool.workerCount).toBe(1);
    }
  });

  it('finishes running jobs on close and rejects the rest', async () => {
    const pool = createMisbehavingPool({ size: 1 });
    const running = pool.clean(encodeCommand('slow'), DEFAULT_KEEP_POLICY);
    const waiting = getRejectionCode(pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY));

    await pool.close();

    expect((await running).changed).toBe(false);
    expect(await waiting).toBe('E_INTERNAL');
    expect(await getRejectionCode(pool.clean(encodeCommand('echo'), DEFAULT_KEEP_POLICY))).toBe(
      'E_INTERNAL',
    );
    expect(pool.workerCount).toBe(0);
  });
});

describe('WorkerPool in the daemon', () => {
  it('reports a hanging file for attention and keeps cleaning', async () => {
    const home = await createTempDir();
    const inbox = path.join(home, 'To Clean');
    const cleaned = path.join(home, 'Cleaned');
    const config = configSchema.parse({
      version: 1,
      folders: [{ path: inbox, mode: 'output', output: cleaned }],
      originals: { action: 'vault', vault: path.join(home, 'Originals') },
      limits: { jobTimeoutMs: JOB_TIMEOUT_MS },
      settle: { stableMs: 100, incompleteAfterMs: 5_000 },
      concurrency: 1,
    });
    await mkdir(inbox);
    await mkdir(cleaned);
    const daemon = createDaemon({
      config,
      locations: resolveLocations({ METACLEAR_HOME: home }),
      cleanWorkerUrl: MISBEHAVING_WORKER,
    });
    daemons.push(daemon);
    const results: { name: string; result: JobResult }[] = [];
    for (const name of ['job.done', 'job.failed', 'job.attention'] as const) {
      daemon.on(name, (result) => results.push({ name, result }));
    }
    await daemon.start();

    await writeFile(path.join(inbox, 'hangs.jpg'), encodeCommand('hang'));
    await waitUntil(() => results.length === 1, { description: 'the hanging job result' });
    await writeFile(path.join(inbox, 'fine.jpg'), encodeCommand('echo'));
    await waitUntil(() => results.length === 2, { description: 'the next job result' });

    expect(results[0]?.name).toBe('job.attention');
    expect(results[0]?.result.code).toBe('E_JOB_TIMEOUT');
    expect(results[0]?.result.reason).toContain('hangs.jpg');
    expect(await readFile(path.join(inbox, 'hangs.jpg'), 'utf8')).toMatch(/^hang /);
    expect(results[1]?.name).toBe('job.done');
    expect(results[1]?.result.status).toBe('already-clean');
    expect(await readFile(path.join(cleaned, 'fine.jpg'), 'utf8')).toMatch(/^echo /);
  });
});
