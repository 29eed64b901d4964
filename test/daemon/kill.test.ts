import { copyFile, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../src/commit/clean-bytes.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { reportMissingDependency } from '../helpers/ci.js';
import { corpusFilesOfFormat } from '../helpers/corpus.js';
import {
  countLogLines,
  IS_BUILT,
  killDaemons,
  readLogLines,
  spawnDaemon,
  stopDaemon,
  waitForExit,
  waitForStart,
  writeDaemonConfig,
  type DaemonProcess,
} from '../helpers/daemon-process.js';
import { auditDurability, hashFileForTest } from '../helpers/durability-audit.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createDirtyJpeg, createDirtyPng } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';

if (!IS_BUILT) {
  reportMissingDependency('dist/ (the compiled CLI)', 'Run `npm run build` first.');
}

/**
 * Sizes of the run. `npm run kill-test` raises them through the environment; the defaults
 * keep this test near a minute in CI.
 */
const KILLS = readCount('METACLEAR_KILL_TEST_KILLS', 25);
const GENERATED_FILES = readCount('METACLEAR_KILL_TEST_FILES', 240);
const CORPUS_FILES = 20;
const SEED = readCount('METACLEAR_KILL_TEST_SEED', 20_240_615);
/** The latest moment of a kill, in milliseconds after its reference point. */
const MAX_KILL_DELAY_MS = 600;
/** Share of kills aimed at the start, where they can hit the recovery of the previous kill. */
const EARLY_KILL_SHARE = 0.2;
const FINISH_TIMEOUT_MS = 180_000;

function readCount(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Waits the chosen moment of a kill. This is the one deliberate timer of the test: the moment
 * is its input, drawn from the seed, and nothing waits on it for a result.
 */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

afterEach(async () => {
  await killDaemons();
  await removeTempDirs();
});
afterAll(closeExifTool);

interface Home {
  readonly root: string;
  readonly inbox: string;
  readonly cleaned: string;
  readonly shots: string;
  readonly vault: string;
  readonly staging: string;
}

interface Arrival {
  readonly staged: string;
  readonly target: string;
}

async function createHome(): Promise<Home> {
  const root = await createTempDir();
  const home: Home = {
    root,
    inbox: path.join(root, 'To Clean'),
    cleaned: path.join(root, 'Cleaned'),
    shots: path.join(root, 'Shots'),
    vault: path.join(root, 'Originals'),
    staging: path.join(root, 'staging'),
  };
  for (const dir of [home.inbox, home.cleaned, home.shots, home.staging]) {
    await mkdir(dir, { recursive: true });
  }
  await writeDaemonConfig(root, {
    version: 1,
    folders: [
      { path: home.inbox, mode: 'output', output: home.cleaned },
      { path: home.shots, mode: 'in-place' },
    ],
    originals: { action: 'vault', vault: home.vault },
    settle: { stableMs: 50, incompleteAfterMs: 120_000 },
    concurrency: 2,
  });
  return home;
}

/**
 * Returns corpus JPEG and PNG files that cleaning changes and that keep nothing beyond
 * orientation and colour profile, so ExifTool can judge their outputs by the same rule.
 */
async function pickCorpusFiles(): Promise<string[]> {
  const picked: string[] = [];
  for (const entry of corpusFilesOfFormat('JPEG', 'PNG')) {
    if (picked.length >= CORPUS_FILES) {
      break;
    }
    const bytes = await readFile(entry.absolutePath).catch(() => null);
    if (bytes === null || bytes.length > 4_000_000) {
      continue;
    }
    const result = await cleanBytes(bytes, DEFAULT_KEEP_POLICY).catch(() => null);
    const keepsOnlyNeutral = result?.kept.every((kind) =>
      ['orientation', 'icc-profile'].includes(kind),
    );
    if (result?.changed === true && keepsOnlyNeutral === true) {
      picked.push(entry.absolutePath);
    }
  }
  return picked;
}

/** Writes every original to the staging folder and plans where each arrives. */
async function stageOriginals(
  home: Home,
): Promise<{ arrivals: Arrival[]; originals: Set<string> }> {
  const arrivals: Arrival[] = [];
  const originals = new Set<string>();
  const add = async (staged: string, index: number): Promise<void> => {
    const sha256 = await hashFileForTest(staged);
    if (originals.has(sha256)) {
      return;
    }
    originals.add(sha256);
    const folder = index % 2 === 0 ? home.inbox : home.shots;
    arrivals.push({ staged, target: path.join(folder, path.basename(staged)) });
  };
  for (let index = 0; index < GENERATED_FILES; index += 1) {
    const isPng = index % 3 === 2;
    const staged = path.join(home.staging, `photo-${index}.${isPng ? 'png' : 'jpg'}`);
    const create = isPng ? createDirtyPng : createDirtyJpeg;
    await create(staged, { width: 64, height: 48, orientation: (index % 8) + 1 });
    await add(staged, index);
  }
  const corpus = await pickCorpusFiles();
  for (const [index, source] of corpus.entries()) {
    const staged = path.join(home.staging, `corpus-${index}${path.extname(source).toLowerCase()}`);
    await copyFile(source, staged);
    await add(staged, index);
  }
  return { arrivals, originals };
}

/** Moves files into their folders: half by rename, half written in place by a copy. */
async function deliver(batch: readonly Arrival[], random: () => number): Promise<void> {
  for (const arrival of batch) {
    if (random() < 0.5) {
      await rename(arrival.staged, arrival.target);
    } else {
      await copyFile(arrival.staged, arrival.target);
    }
  }
}

async function isEverythingCleaned(home: Home, originals: ReadonlySet<string>) {
  if ((await readdir(home.inbox)).length > 0) {
    return false;
  }
  for (const name of await readdir(home.shots)) {
    if (originals.has(await hashFileForTest(path.join(home.shots, name)))) {
      return false;
    }
  }
  return true;
}

async function countRecoveries(home: Home): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  for (const line of await readLogLines(home.root)) {
    if (line.msg === 'job recovered' || line.msg === 'job recovery failed') {
      const outcome = String(line.outcome);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  }
  return outcomes;
}

describe.skipIf(!IS_BUILT || !isExifToolAvailable())('daemon killed at random moments', () => {
  const timeout = 180_000 + KILLS * 10_000 + GENERATED_FILES * 500;
  it(`loses and duplicates nothing over ${KILLS} kills`, { timeout }, async () => {
    const random = createRandom(SEED);
    const home = await createHome();
    const { arrivals, originals } = await stageOriginals(home);
    const batchSize = Math.ceil(arrivals.length / (KILLS + 1));
    let delivered = 0;
    let killsDuringWork = 0;

    for (let kill = 0; kill < KILLS; kill += 1) {
      const skip = await countLogLines(home.root);
      const daemon: DaemonProcess = spawnDaemon(home.root);
      if (random() < EARLY_KILL_SHARE) {
        await delay(random() * MAX_KILL_DELAY_MS);
      } else {
        await waitForStart(home.root, daemon, { skip, timeout: 60_000 });
        const batch = arrivals.slice(delivered, delivered + batchSize);
        delivered += batch.length;
        await deliver(batch, random);
        await delay(random() * MAX_KILL_DELAY_MS);
        killsDuringWork += 1;
      }
      daemon.child.kill('SIGKILL');
      const exit = await waitForExit(daemon);
      expect(exit.code === 0 || exit.signal === 'SIGKILL').toBe(true);
    }

    const daemon = spawnDaemon(home.root);
    await waitForStart(home.root, daemon, {
      skip: await countLogLines(home.root),
      timeout: 60_000,
    });
    await deliver(arrivals.slice(delivered), random);
    await waitUntil(() => isEverythingCleaned(home, originals), {
      timeout: FINISH_TIMEOUT_MS,
      interval: 250,
      description: 'every original cleaned',
    });
    const stopped = await stopDaemon(daemon);
    const audit = await auditDurability(
      {
        stateDir: path.join(home.root, 'state'),
        inboxes: [home.inbox],
        inPlaceFolders: [home.shots],
        outputFolders: [home.cleaned],
        vaultDir: home.vault,
      },
      originals,
    );
    const recoveries = await countRecoveries(home);

    console.log(
      `[kill-test] seed ${SEED}: ${KILLS} kills (${killsDuringWork} while files arrived), ` +
        `${originals.size} originals, ${audit.published} published; recoveries ` +
        `${JSON.stringify(recoveries)}; duplicates ${audit.duplicates}, losses ${audit.losses}, ` +
        `temp files ${audit.tempFiles.length}`,
    );
    expect(stopped.code).toBe(0);
    expect(audit.losses).toBe(0);
    expect(audit.duplicates).toBe(0);
    expect(audit.published).toBe(originals.size);
    expect(audit.leftInInbox).toEqual([]);
    expect(audit.tempFiles).toEqual([]);
    expect(audit.incompleteOutputs).toEqual([]);
    expect(audit.dirtyOutputs).toEqual([]);
    expect(audit.historyProblems).toEqual([]);
    expect(recoveries['repair-failed']).toBeUndefined();
  });
});
