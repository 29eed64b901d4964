import { existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../../src/commit/clean-bytes.js';
import type { HistoryStore } from '../../../src/commit/history/history-store.js';
import type { JobRecord } from '../../../src/commit/history/job-record.js';
import { openHistory } from '../../../src/commit/history/open-history.js';
import { recoverUnfinishedJobs } from '../../../src/commit/history/recover-unfinished-jobs.js';
import { processFile } from '../../../src/commit/process-file.js';
import type { CleanFileReport } from '../../../src/shared/report.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { closeExifTool } from '../../helpers/exiftool.js';
import { createCleanJpeg, createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { FaultyFileSystem, type Fault } from './faulty-file-system.js';

/** tmpfs when there is one: fsync is free there, and these tests run hundreds of commits. */
const TEMP_ROOT = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
const NOW = new Date(2024, 5, 15, 12);
const ERRNO_CODES = ['ENOSPC', 'EACCES', 'EXDEV', 'EIO'] as const;

interface Scenario {
  readonly mode: 'in-place' | 'output';
  readonly action: 'vault' | 'trash' | 'delete';
  /** The input needs no cleaning, so an output folder receives it as it is. */
  readonly alreadyClean: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { mode: 'in-place', action: 'vault', alreadyClean: false },
  { mode: 'output', action: 'vault', alreadyClean: false },
  { mode: 'in-place', action: 'trash', alreadyClean: false },
  { mode: 'output', action: 'trash', alreadyClean: false },
  { mode: 'in-place', action: 'delete', alreadyClean: false },
  { mode: 'output', action: 'delete', alreadyClean: false },
  { mode: 'output', action: 'vault', alreadyClean: true },
];

function describeScenario(scenario: Scenario): string {
  const kind = scenario.alreadyClean ? 'a clean file' : 'a dirty file';
  return `${kind}, ${scenario.mode}, ${scenario.action}`;
}

interface Fixtures {
  readonly dir: string;
  readonly dirty: Buffer;
  readonly clean: Buffer;
  /** What cleaning `dirty` publishes. */
  readonly cleaned: Buffer;
}

let fixtures: Fixtures;
const roots: string[] = [];

beforeAll(async () => {
  const dir = await mkdtemp(path.join(TEMP_ROOT, 'metaclear-test-'));
  roots.push(dir);
  await createDirtyJpeg(path.join(dir, 'dirty.jpg'));
  await createCleanJpeg(path.join(dir, 'clean.jpg'));
  const dirty = await readFile(path.join(dir, 'dirty.jpg'));
  const cleaned = Buffer.from((await cleanBytes(dirty, DEFAULT_KEEP_POLICY)).bytes);
  fixtures = { dir, dirty, clean: await readFile(path.join(dir, 'clean.jpg')), cleaned };
});

afterAll(async () => {
  await closeExifTool();
  await Promise.all(roots.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Run {
  readonly root: string;
  readonly input: string;
  readonly output: string;
  readonly original: Buffer;
  readonly published: Buffer;
  readonly inputIno: bigint;
  readonly fs: FaultyFileSystem;
  readonly history: HistoryStore;
  readonly jobId: string;
  readonly report: CleanFileReport;
}

/** Cleans one copy of the fixture in a fresh folder through `fs` with the fault. */
async function runScenario(scenario: Scenario, fault: Fault | null): Promise<Run> {
  const root = await mkdtemp(path.join(TEMP_ROOT, 'metaclear-fault-'));
  roots.push(root);
  for (const dir of ['In', 'Out', 'Vault', 'Trash']) {
    await mkdir(path.join(root, dir));
  }
  const input = path.join(root, 'In', 'photo.jpg');
  await copyFile(path.join(fixtures.dir, scenario.alreadyClean ? 'clean.jpg' : 'dirty.jpg'), input);
  const output = scenario.mode === 'in-place' ? input : path.join(root, 'Out', 'photo.jpg');
  const fs = new FaultyFileSystem(path.join(root, 'Trash'), fault);
  const history = openHistory(path.join(root, 'state'));
  const jobId = ulid();
  const report = await processFile({
    input,
    publish:
      scenario.mode === 'in-place' ? { mode: 'in-place' } : { mode: 'output', outputPath: output },
    policy: DEFAULT_KEEP_POLICY,
    keepFileDates: scenario.mode === 'in-place',
    originals: {
      action: scenario.action,
      vaultDir: path.join(root, 'Vault'),
      vaultRelativePath: 'In/photo.jpg',
    },
    maxFileBytes: 10_000_000,
    now: NOW,
    journal: history.createJournal(jobId, { now: () => NOW }),
    fileSystem: fs,
  });
  const original = scenario.alreadyClean ? fixtures.clean : fixtures.dirty;
  return {
    root,
    input,
    output,
    original,
    published: scenario.alreadyClean ? fixtures.clean : fixtures.cleaned,
    inputIno: (await lstat(input, { bigint: true }).catch(() => null))?.ino ?? -1n,
    fs,
    history,
    jobId,
    report,
  };
}

/** Lists every file and folder under `dir` with its bytes (null for folders). */
async function walk(dir: string): Promise<{ path: string; bytes: Buffer | null }[]> {
  const found: { path: string; bytes: Buffer | null }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push({ path: entryPath, bytes: null }, ...(await walk(entryPath)));
    } else {
      found.push({ path: entryPath, bytes: await readFile(entryPath) });
    }
  }
  return found;
}

/** Lists what a finished run left on disk, outside the history's folder. */
async function inspectRun(run: Run) {
  const entries = (await walk(run.root)).filter(
    (entry) => !entry.path.startsWith(path.join(run.root, 'state')),
  );
  const files = entries.filter((entry) => entry.bytes !== null);
  return {
    tempNames: entries
      .filter((entry) => path.basename(entry.path).startsWith('.metaclear-'))
      .map((entry) => path.relative(run.root, entry.path)),
    originalCopies: files.filter((entry) => entry.bytes?.equals(run.original) === true).length,
    outputBytes: files.find((entry) => entry.path === run.output)?.bytes ?? null,
    inputBytes: files.find((entry) => entry.path === run.input)?.bytes ?? null,
    vaultFiles: files.filter((entry) => entry.path.startsWith(path.join(run.root, 'Vault'))),
    outFiles: files.filter((entry) => entry.path.startsWith(path.join(run.root, 'Out'))),
  };
}

/** Checks a run whose commit is settled: committed, or rolled back with the input as it was. */
async function expectSettled(
  run: Run,
  scenario: Scenario,
  isCommitted: boolean,
  label: string,
): Promise<void> {
  const state = await inspectRun(run);
  expect(state.tempNames, `${label}: temp files`).toEqual([]);
  if (isCommitted) {
    const isOriginalGone = scenario.action === 'delete' && !scenario.alreadyClean;
    expect(state.originalCopies, `${label}: copies of the original`).toBe(isOriginalGone ? 0 : 1);
    expect(state.outputBytes?.equals(run.published), `${label}: published bytes`).toBe(true);
    if (scenario.mode === 'output') {
      expect(state.inputBytes, `${label}: input left in the inbox`).toBeNull();
    }
    return;
  }
  expect(state.originalCopies, `${label}: copies of the original`).toBe(1);
  expect(state.inputBytes?.equals(run.original), `${label}: input untouched`).toBe(true);
  const ino = (await lstat(run.input, { bigint: true })).ino;
  expect(ino, `${label}: input inode`).toBe(run.inputIno);
  expect(state.vaultFiles, `${label}: vault entries`).toEqual([]);
  expect(state.outFiles, `${label}: output files`).toEqual([]);
}

function getJob(run: Run): JobRecord | null {
  return run.history.jobs.get(run.jobId);
}

async function countOperations(scenario: Scenario): Promise<number> {
  const run = await runScenario(scenario, null);
  run.history.close();
  return run.fs.log.length;
}

describe('commit with a failing file system', () => {
  describe.each(SCENARIOS)('$mode, $action, already clean: $alreadyClean', (scenario) => {
    it.each(ERRNO_CODES)('settles after %s at any one operation', async (code) => {
      const count = await countOperations(scenario);
      expect(count).toBeGreaterThan(5);

      for (let index = 0; index < count; index += 1) {
        const run = await runScenario(scenario, { index, code, persistent: false });
        const label = `${describeScenario(scenario)}, ${code} at ${run.fs.log[index] ?? index}`;
        const isCommitted = run.report.status !== 'failed';
        const job = getJob(run);
        run.history.close();

        expect(['cleaned', 'already-clean', 'failed'], label).toContain(run.report.status);
        if (!isCommitted) {
          expect(run.report.code, `${label}: code`).toMatch(/^E_[A-Z_]+$/);
        }
        expect(job?.commitState ?? null, `${label}: journal`).not.toBe('intent');
        expect(job === null || job.status === (isCommitted ? 'committed' : 'failed'), label).toBe(
          true,
        );
        await expectSettled(run, scenario, isCommitted, label);
      }
    });

    it('recovers at the next start when every later operation fails too', async () => {
      const count = await countOperations(scenario);

      for (let index = 0; index < count; index += 1) {
        const run = await runScenario(scenario, { index, code: 'EIO', persistent: true });
        const label = `${describeScenario(scenario)}, EIO from ${run.fs.log[index] ?? index} on`;
        run.history.close();
        // The next start opens the history anew, as another owner of the same pid.
        const history = openHistory(path.join(run.root, 'state'));
        const recovered = await recoverUnfinishedJobs(history, {
          fs: new FaultyFileSystem(path.join(run.root, 'Trash')),
          now: () => NOW,
        });
        const job = history.jobs.get(run.jobId);
        history.close();
        const isCommitted = job?.status === 'committed' || run.report.status !== 'failed';

        expect(
          recovered.map((entry) => entry.outcome).filter((outcome) => outcome === 'repair-failed'),
          label,
        ).toEqual([]);
        expect(job?.commitState ?? null, `${label}: journal`).not.toBe('intent');
        await expectSettled(run, scenario, isCommitted, label);
      }
    });
  });

  it.each(SCENARIOS.filter((scenario) => scenario.action !== 'vault'))(
    'removes the original only after the cleaned file is flushed ($mode, $action)',
    async (scenario) => {
      const run = await runScenario(scenario, null);
      run.history.close();
      const log = run.fs.log;
      const removal = log.findLastIndex((entry) =>
        scenario.mode === 'in-place' && scenario.action === 'delete'
          ? entry === `rename ${run.input}`
          : entry.startsWith('trash ') || entry === `unlink ${run.input}`,
      );
      const tempSync = log.findIndex((entry) => /^sync .*\.metaclear-.*\.tmp$/.test(entry));
      const outputDirSync = log.findLastIndex(
        (entry, index) =>
          entry === `sync ${path.dirname(run.output)}` && index < Math.max(removal, 0),
      );

      expect(run.report.status).toBe('cleaned');
      expect(removal).toBeGreaterThan(tempSync);
      expect(tempSync).toBeGreaterThanOrEqual(0);
      if (!(scenario.mode === 'in-place' && scenario.action === 'delete')) {
        expect(outputDirSync).toBeGreaterThan(tempSync);
      }
    },
  );
});
