import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/daemon/worker-pool.js';
import { isAppError } from '../../src/shared/errors.js';
import { sniffFormat } from '../../src/strip/sniff-format.js';
import { DEFAULT_KEEP_POLICY, type KeepPolicy } from '../../src/strip/keep-policy.js';
import type { StripResult } from '../../src/strip/strip-result.js';
import { loadCorpus } from '../helpers/corpus.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { createFuzzSeeds, type FuzzSeed } from './create-fuzz-seeds.js';
import { mutateBytes } from './mutate-bytes.js';
import { createSeededRandom, deriveCaseSeed } from './seeded-random.js';

/** The run seed. A fixed default keeps CI reproducible, and `npm run fuzz` picks new ones. */
const RUN_SEED = readIntegerEnv('METACLEAR_FUZZ_SEED', 0x5eed_2024);
const CASE_COUNT = readIntegerEnv('METACLEAR_FUZZ_CASES', 3_000);
/** Replays only this case of the run, for debugging one finding. */
const ONLY_CASE = process.env.METACLEAR_FUZZ_CASE;
/**
 * The time bound of one case, enforced by terminating its worker. Cases take milliseconds, and
 * the bound is generous so that only a real hang trips it on a loaded 2-core machine.
 */
const CASE_TIMEOUT_MS = readIntegerEnv('METACLEAR_FUZZ_CASE_TIMEOUT_MS', 10_000);
const WORKERS = Math.max(1, Math.min(4, os.availableParallelism()));
const MAX_EXIFTOOL_SAMPLES = 60;

const FUZZ_WORKER = new URL('./fuzz-worker.js', import.meta.url);

/** A policy that keeps what the default removes, so the keep paths get fuzzed as well. */
const KEEP_MORE_POLICY: KeepPolicy = {
  orientation: false,
  colorProfile: false,
  hdrGainMap: false,
  captureDate: true,
  copyright: true,
  contentCredentials: true,
};

type Outcome =
  | { readonly kind: 'result'; readonly result: StripResult }
  | { readonly kind: 'refused'; readonly code: string }
  | { readonly kind: 'finding'; readonly detail: string };

/** What a case left for the summary; it keeps no bytes, so long runs stay small. */
interface CaseRecord {
  readonly label: string;
  /** `result`, `finding`, or the code of a refusal. */
  readonly outcome: string;
  readonly durationMs: number;
}

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

function readIntegerEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') {
    return fallback;
  }
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) {
    throw new RangeError(`\`${name}\` must be a non-negative integer; received ${value}`);
  }
  return parsed;
}

/** Returns the format label that `sniffFormat` gives, such as `JPEG`, `WebP` or `HEIF`. */
function getLabel(bytes: Uint8Array): string {
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'supported') {
    return sniffed.format.toUpperCase();
  }
  return sniffed.kind === 'unsupported' ? sniffed.label : 'unknown';
}

async function loadCorpusSeeds(): Promise<FuzzSeed[]> {
  const entries = loadCorpus() ?? [];
  return Promise.all(
    entries.map(async (entry) => ({
      name: entry.localPath,
      bytes: new Uint8Array(await readFile(entry.absolutePath)),
    })),
  );
}

/** Runs one case in the pool and classifies what came back. */
async function runCase(
  pool: WorkerPool,
  bytes: Uint8Array,
  policy: KeepPolicy,
): Promise<{ outcome: Outcome; durationMs: number }> {
  const startedAt = performance.now();
  let outcome: Outcome;
  try {
    outcome = { kind: 'result', result: await pool.clean(bytes, policy) };
  } catch (error) {
    // The pool's E_JOB_TIMEOUT and E_WORKER_CRASHED are findings (a hang, a heap blow-up).
    const isRefusal =
      isAppError(error) && error.code !== 'E_JOB_TIMEOUT' && error.code !== 'E_WORKER_CRASHED';
    outcome = isRefusal
      ? { kind: 'refused', code: error.code }
      : {
          kind: 'finding',
          detail: isAppError(error) ? `${error.code}: ${error.message}` : String(error),
        };
  }
  return { outcome, durationMs: performance.now() - startedAt };
}

/** Runs `count` tasks with at most `limit` at a time, in order of their index. */
async function runLimited(count: number, limit: number, task: (index: number) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  });
  await Promise.all(lanes);
}

/** Builds case `index` of the run: which seed, which policy, and the mutated bytes. */
function buildCase(seeds: readonly FuzzSeed[], index: number) {
  const caseSeed = deriveCaseSeed(RUN_SEED, index);
  const random = createSeededRandom(caseSeed);
  const seed = random.pick(seeds);
  const policy = random.chance(0.75) ? DEFAULT_KEEP_POLICY : KEEP_MORE_POLICY;
  const mutated = mutateBytes(seed.bytes, random);
  const label = `case ${index} (case seed ${caseSeed}, run seed ${RUN_SEED}) of ${seed.name} [${mutated.steps.join(' ')}]${policy === KEEP_MORE_POLICY ? ' keeping more' : ''}`;
  return { label, seedName: seed.name, policy, bytes: mutated.bytes };
}

/**
 * Saves the input of a finding outside the repository, because a mutated corpus file still
 * holds real metadata, and returns its path. The pool took over the case's own bytes, so the
 * caller rebuilds them from the case seed.
 */
async function saveFindingInput(bytes: Uint8Array, index: number): Promise<string> {
  const dir = path.join(os.tmpdir(), 'metaclear-fuzz-findings');
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `seed-${RUN_SEED}-case-${index}.bin`);
  await writeFile(filePath, bytes);
  return filePath;
}

/** Writes `bytes` into `dir` and returns the identifying tag names ExifTool finds. */
async function listIdentifyingTagsOf(
  dir: string,
  bytes: Uint8Array,
  name: string,
): Promise<string[]> {
  const filePath = path.join(dir, name);
  await writeFile(filePath, bytes);
  return listIdentifyingTags(await readAllTags(filePath));
}

function describeOutcome(outcome: Outcome): string {
  return outcome.kind === 'refused' ? outcome.code : outcome.kind;
}

function summarize(records: readonly CaseRecord[]): string {
  const counts = new Map<string, number>();
  for (const { outcome } of records) {
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  const slowest = records.reduce<CaseRecord | null>(
    (max, record) => (max === null || record.durationMs > max.durationMs ? record : max),
    null,
  );
  const outcomes = [...counts].map(([key, count]) => `${key} ${count}`).join(', ');
  const slowestText =
    slowest === null ? 'none' : `${slowest.durationMs.toFixed(0)} ms, ${slowest.label}`;
  return `${records.length} cases: ${outcomes}; slowest ${slowestText}`;
}

describe('strip and verify under fuzzing', () => {
  it(
    'survive mutated files without crash, hang or unverified output',
    { timeout: Math.max(15 * 60_000, CASE_COUNT * 50) },
    async () => {
      const dir = await createTempDir('metaclear-fuzz-');
      const candidates = [
        ...(isExifToolAvailable() ? await createFuzzSeeds(dir) : []),
        ...(await loadCorpusSeeds()),
      ];
      const pool = new WorkerPool({
        size: WORKERS,
        jobTimeoutMs: CASE_TIMEOUT_MS,
        workerUrl: FUZZ_WORKER,
      });
      const findings: string[] = [];
      const records: CaseRecord[] = [];
      const samples: { label: string; seedName: string; bytes: Uint8Array }[] = [];
      /** Each seed's own cleaned output, whose ExifTool tags are the baseline for its cases. */
      const baselines = new Map<string, Uint8Array>();
      const startedAt = performance.now();
      try {
        // Starts every worker first, so that no case's time includes loading the modules.
        const warmUp = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
        await Promise.all(
          Array.from({ length: WORKERS }, () => runCase(pool, warmUp.slice(), DEFAULT_KEEP_POLICY)),
        );
        // Unmutated seeds first: they show which formats stripImage handles, and count too.
        const wiredLabels = new Set<string>();
        for (const seed of candidates) {
          const label = `seed ${seed.name} unmutated`;
          const { outcome, durationMs } = await runCase(
            pool,
            seed.bytes.slice(),
            DEFAULT_KEEP_POLICY,
          );
          records.push({ label, outcome: describeOutcome(outcome), durationMs });
          if (outcome.kind === 'finding') {
            findings.push(`${label}: ${outcome.detail}`);
          }
          if (outcome.kind === 'result') {
            baselines.set(seed.name, outcome.result.bytes);
          }
          if (outcome.kind !== 'refused' || outcome.code !== 'E_UNSUPPORTED_FORMAT') {
            wiredLabels.add(getLabel(seed.bytes));
          }
        }
        const seeds = candidates.filter((seed) => wiredLabels.has(getLabel(seed.bytes)));
        console.log(
          `[fuzz] run seed ${RUN_SEED}; formats ${[...wiredLabels].sort().join(', ')}; ${seeds.length} seeds`,
        );

        const indexes = ONLY_CASE === undefined ? null : [readIntegerEnv('METACLEAR_FUZZ_CASE', 0)];
        const count = indexes?.length ?? CASE_COUNT;
        await runLimited(count, WORKERS, async (position) => {
          const index = indexes?.[position] ?? position;
          const built = buildCase(seeds, index);
          const { outcome, durationMs } = await runCase(pool, built.bytes, built.policy);
          records.push({ label: built.label, outcome: describeOutcome(outcome), durationMs });
          if (outcome.kind === 'finding') {
            const saved = await saveFindingInput(buildCase(seeds, index).bytes, index);
            findings.push(`${built.label}: ${outcome.detail}\ninput saved as ${saved}`);
          }
          const isSampled =
            outcome.kind === 'result' &&
            outcome.result.changed &&
            built.policy === DEFAULT_KEEP_POLICY &&
            samples.length < MAX_EXIFTOOL_SAMPLES &&
            index % 7 === 0;
          if (isSampled) {
            samples.push({ ...built, bytes: outcome.result.bytes });
          }
        });
      } finally {
        await pool.close();
      }
      const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
      console.log(`[fuzz] ${summarize(records)}; ${seconds} s with ${WORKERS} workers`);

      const identifying: string[] = [];
      if (isExifToolAvailable()) {
        for (const [index, sample] of samples.entries()) {
          // Tags that ExifTool already reports in the seed's own cleaned output are structure
          // that the helper's list of neutral tags does not know yet, not what the mutation let
          // through; the corpus tests judge that output itself.
          const baseline = baselines.get(sample.seedName);
          const known = new Set(
            baseline === undefined ? [] : await listIdentifyingTagsOf(dir, baseline, 'baseline'),
          );
          const found = await listIdentifyingTagsOf(dir, sample.bytes, `sample-${index}`);
          const names = found.filter((name) => !known.has(name));
          if (names.length > 0) {
            identifying.push(`${sample.label}: ${names.join(', ')}`);
          }
        }
        console.log(`[fuzz] ExifTool read ${samples.length} sampled outputs`);
      }

      expect(findings).toEqual([]);
      expect(identifying).toEqual([]);
      expect(records.some((record) => record.outcome === 'result')).toBe(true);
      expect(records.some((record) => record.outcome.startsWith('E_'))).toBe(true);
    },
  );
});
