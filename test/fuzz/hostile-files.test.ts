import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { processFile, type CleanBytesFunction } from '../../src/commit/process-file.js';
import { configSchema } from '../../src/config/config-schema.js';
import { createDaemon, type Daemon } from '../../src/daemon/daemon.js';
import type { JobResult } from '../../src/daemon/daemon-events.js';
import { WorkerPool } from '../../src/daemon/worker-pool.js';
import { resolveLocations } from '../../src/shared/paths.js';
import type { CleanFileReport } from '../../src/shared/report.js';
import sharp from 'sharp';
import { isAppError } from '../../src/shared/errors.js';
import { isContainerComplete } from '../../src/strip/is-container-complete.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { stripImage } from '../../src/strip/strip-image.js';
import { verifyClean } from '../../src/verify/verify-clean.js';
import { corpusFile, loadCorpus } from '../helpers/corpus.js';
import { closeExifTool } from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';
import { createGpsPhoto, listGpsTags } from '../daemon/gps-photo.js';

/** Corpus files whose headers declare sizes far beyond their bytes. */
const HOSTILE_FILES = [
  // VP8X declares a 4544257×11600195 canvas, and a chunk after it declares 2.9 GB.
  'files/drewnoakes-metadata-extractor-images/crash-be8afd4d4261d77f4d1ee4188aa7cd09722d1168.fuzzed.webp',
  // The `infe` box inside `iinf` declares 0x8000001F bytes in a 41 KB file.
  'files/drewnoakes-metadata-extractor-images/NegativeArraySizeException.ItemInfoBox.init.heif',
] as const;

/** Corpus files from fuzzers and bug reports, by name; each must end with a report. */
const HOSTILE_NAME = /poc|crash|fuzz|exception|corrupt|truncated|bug|zero_width|type_error/i;

/** Codes that mean the pipeline broke rather than refused the file. */
const BROKEN_CODES = ['E_INTERNAL', 'E_JOB_TIMEOUT', 'E_WORKER_CRASHED'];

/** Generous for a loaded 2-core machine: these files are refused within milliseconds. */
const JOB_TIMEOUT_MS = 10_000;

const pools: WorkerPool[] = [];
const daemons: Daemon[] = [];

afterEach(async () => {
  await Promise.all(daemons.splice(0).map((daemon) => daemon.close()));
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
  await removeTempDirs();
});

afterAll(closeExifTool);

function createPool(): WorkerPool {
  const pool = new WorkerPool({ size: 2, jobTimeoutMs: JOB_TIMEOUT_MS });
  pools.push(pool);
  return pool;
}

async function hashFile(filePath: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(filePath))
    .digest('hex');
}

/** Cleans a copy of `localPath` to a new folder and returns the report and its duration. */
async function cleanCopy(
  localPath: string,
  clean?: CleanBytesFunction,
): Promise<{ report: CleanFileReport; durationMs: number; outDir: string; input: string }> {
  const input = corpusFile(localPath);
  if (input === null) {
    throw new Error('the corpus is missing');
  }
  const outDir = await createTempDir();
  const startedAt = performance.now();
  const report = await processFile({
    input,
    publish: { mode: 'copy', outputPath: path.join(outDir, path.basename(input)) },
    policy: DEFAULT_KEEP_POLICY,
    keepFileDates: false,
    originals: { action: 'vault', vaultDir: outDir, vaultRelativePath: 'unused' },
    maxFileBytes: 1 << 30,
    ...(clean === undefined ? {} : { clean }),
  });
  return { report, durationMs: performance.now() - startedAt, outDir, input };
}

const hasCorpus = loadCorpus() !== null;

/** Builds a WebP header declaring `riffSize`, then chunk headers declaring `chunkSizes`. */
function createWebpHeader(riffSize: number, chunkSizes: readonly number[]): Uint8Array {
  const bytes = Buffer.alloc(12 + 8 * chunkSizes.length);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(riffSize, 4);
  bytes.write('WEBP', 8, 'latin1');
  chunkSizes.forEach((size, index) => {
    bytes.write('ABCD', 12 + 8 * index, 'latin1');
    bytes.writeUInt32LE(size, 16 + 8 * index);
  });
  return bytes;
}

describe('isContainerComplete on hostile headers', () => {
  it('waits for a WebP shorter than its consistent RIFF size', () => {
    expect(isContainerComplete(createWebpHeader(1_000, [8]))).toBe(false);
  });

  it('settles a short WebP whose chunk runs past the RIFF end', () => {
    // No more bytes can make this valid, so waiting 10 minutes for them would only delay the
    // stripper's E_CORRUPT.
    expect(isContainerComplete(createWebpHeader(1_000, [0xb1b1b1b1]))).toBe(true);
  });

  it.skipIf(!hasCorpus)('settles the fuzzed WebP that declares a huge canvas', async () => {
    const bytes = await readFile(corpusFile(HOSTILE_FILES[0]) ?? '');

    expect(isContainerComplete(bytes)).toBe(true);
  });
});

describe('HEIF major brands', () => {
  it('rejects a brand the second reader cannot verify', async () => {
    const avif = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808' } })
      .avif({ effort: 0 })
      .toBuffer();
    const renamed = Uint8Array.from(avif);
    // A fuzzed brand: the stripper accepted it, and then ExifReader could not parse the output.
    renamed.set(new TextEncoder().encode('aviv'), 8);
    let code: string | null = null;

    try {
      stripImage(renamed, DEFAULT_KEEP_POLICY);
    } catch (error) {
      code = isAppError(error) ? error.code : null;
    }

    expect(new TextDecoder().decode(avif.subarray(8, 12))).toBe('avif');
    expect(() => {
      verifyClean(avif, stripImage(avif, DEFAULT_KEEP_POLICY), DEFAULT_KEEP_POLICY);
    }).not.toThrow();
    expect(code).toBe('E_UNSUPPORTED_FORMAT');
  });
});

describe.skipIf(!hasCorpus)('hostile files', () => {
  it.each(HOSTILE_FILES)('processFile rejects %s with a code', async (localPath) => {
    const inputHash = await hashFile(corpusFile(localPath) ?? '');

    const { report, durationMs, outDir, input } = await cleanCopy(localPath);

    console.log(`[hostile] in process: ${path.basename(localPath)} ${durationMs.toFixed(1)} ms`);
    expect(['failed', 'unsupported']).toContain(report.status);
    expect(report.code).not.toBeNull();
    expect(BROKEN_CODES).not.toContain(report.code);
    expect(report.reason).toContain(path.basename(localPath));
    expect(report.output).toBeNull();
    expect(await readdir(outDir)).toEqual([]);
    expect(await hashFile(input)).toBe(inputHash);
  });

  it.each(HOSTILE_FILES)('the worker pool rejects %s with a code', async (localPath) => {
    const pool = createPool();

    const { report, durationMs } = await cleanCopy(localPath, (bytes, policy) =>
      pool.clean(bytes, policy),
    );

    console.log(`[hostile] in a worker: ${path.basename(localPath)} ${durationMs.toFixed(1)} ms`);
    expect(['failed', 'unsupported']).toContain(report.status);
    expect(report.code).not.toBeNull();
    expect(BROKEN_CODES).not.toContain(report.code);
  });

  it('ends every fuzzer and bug-report file with a report', async () => {
    const pool = createPool();
    // Starts both workers, so no file's time includes loading the modules.
    await Promise.all([1, 2].map(() => cleanCopy(HOSTILE_FILES[0], pool.clean.bind(pool))));
    const entries = (loadCorpus() ?? []).filter((entry) => HOSTILE_NAME.test(entry.localPath));
    const timings: { name: string; durationMs: number; outcome: string }[] = [];

    for (const entry of entries) {
      const { report, durationMs } = await cleanCopy(entry.localPath, pool.clean.bind(pool));
      const outcome = report.code ?? report.status;
      timings.push({ name: path.basename(entry.localPath), durationMs, outcome });
    }

    timings.sort((a, b) => b.durationMs - a.durationMs);
    for (const { name, durationMs, outcome } of timings) {
      console.log(`[hostile] ${durationMs.toFixed(1).padStart(8)} ms  ${outcome}  ${name}`);
    }
    expect(entries.length).toBeGreaterThanOrEqual(HOSTILE_FILES.length);
    expect(timings.filter((timing) => BROKEN_CODES.includes(timing.outcome))).toEqual([]);
  });

  it('the daemon rejects both files and keeps cleaning', async () => {
    const home = await createTempDir();
    const inbox = path.join(home, 'To Clean');
    const cleaned = path.join(home, 'Cleaned');
    await mkdir(inbox);
    await mkdir(cleaned);
    const config = configSchema.parse({
      version: 1,
      folders: [{ path: inbox, mode: 'output', output: cleaned }],
      originals: { action: 'vault', vault: path.join(home, 'Originals') },
      limits: { jobTimeoutMs: JOB_TIMEOUT_MS },
      settle: { stableMs: 100, incompleteAfterMs: 5_000 },
    });
    const daemon = createDaemon({ config, locations: resolveLocations({ METACLEAR_HOME: home }) });
    daemons.push(daemon);
    const results: JobResult[] = [];
    for (const name of ['job.done', 'job.failed', 'job.attention'] as const) {
      daemon.on(name, (result) => results.push(result));
    }
    await daemon.start();

    for (const localPath of HOSTILE_FILES) {
      await copyFile(corpusFile(localPath) ?? '', path.join(inbox, path.basename(localPath)));
    }
    await waitUntil(() => results.length === HOSTILE_FILES.length, {
      description: 'a result for each hostile file',
    });
    const photo = await createGpsPhoto(inbox);
    await waitUntil(() => results.find((result) => result.input === photo), {
      description: 'the photo cleaned after them',
    });

    for (const localPath of HOSTILE_FILES) {
      const name = path.basename(localPath);
      const result = results.find((candidate) => path.basename(candidate.input) === name);
      console.log(`[hostile] in the daemon: ${name} ${result?.code} ${result?.durationMs} ms`);
      expect(result?.code).toEqual(expect.any(String));
      expect(BROKEN_CODES).not.toContain(result?.code);
      expect(await hashFile(path.join(inbox, name))).toBe(
        await hashFile(corpusFile(localPath) ?? ''),
      );
    }
    expect(results.find((result) => result.input === photo)?.status).toBe('cleaned');
    expect(await listGpsTags(path.join(cleaned, path.basename(photo)))).toEqual([]);
  });
});
