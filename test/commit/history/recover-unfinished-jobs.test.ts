import Database from 'better-sqlite3';
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../../src/commit/clean-bytes.js';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from '../../../src/commit/commit-file-system.js';
import { HISTORY_FILE } from '../../../src/commit/history/open-history.js';
import { recoverUnfinishedJobs } from '../../../src/commit/history/recover-unfinished-jobs.js';
import { processFile } from '../../../src/commit/process-file.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { closeExifTool } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitUntil } from '../../helpers/wait.js';
import { closeHistories, openTempHistory, reopenHistory } from './history-fixture.js';

const NOW = new Date(2024, 5, 15, 12);
let fixture: { path: string; bytes: Buffer; cleaned: Buffer };

beforeAll(async () => {
  const dir = await createTempDir('metaclear-fixture-');
  const fixturePath = path.join(dir, 'shot.jpg');
  await createDirtyJpeg(fixturePath);
  const bytes = await readFile(fixturePath);
  const cleaned = Buffer.from((await cleanBytes(bytes, DEFAULT_KEEP_POLICY)).bytes);
  fixture = { path: fixturePath, bytes, cleaned };
});

afterEach(() => {
  closeHistories();
});
afterAll(async () => {
  await removeTempDirs();
  await closeExifTool();
});

/**
 * Creates a file system that never finishes the first operation `isStop` picks, as if the
 * process died there. The commit stays suspended with everything before it on disk.
 */
function createStoppingFileSystem(isStop: (operation: string, filePath: string) => boolean) {
  let isStopped = false;
  const stopAt = <T>(operation: string, filePath: string, run: () => Promise<T>): Promise<T> => {
    if (!isStopped && isStop(operation, filePath)) {
      isStopped = true;
      return new Promise<T>(() => undefined);
    }
    return run();
  };
  const fs: CommitFileSystem = {
    ...NODE_FILE_SYSTEM,
    open: (filePath, flags, mode) =>
      stopAt('open', filePath, () => NODE_FILE_SYSTEM.open(filePath, flags, mode)),
    rename: (oldPath, newPath) =>
      stopAt('rename', newPath, () => NODE_FILE_SYSTEM.rename(oldPath, newPath)),
  };
  return { fs, isStopped: () => isStopped };
}

/** Starts an in-place commit of the fixture that stops at the operation `isStop` picks. */
async function startStoppedCommit(isStop: (operation: string, filePath: string) => boolean) {
  const { history, stateDir } = await openTempHistory();
  const root = path.dirname(stateDir);
  const shots = path.join(root, 'Shots');
  const vault = path.join(root, 'Originals');
  await mkdir(shots);
  const input = path.join(shots, 'shot.jpg');
  await copyFile(fixture.path, input);
  const stopping = createStoppingFileSystem(isStop);
  const jobId = '01J000000000000000000STOP1';
  void processFile({
    input,
    publish: { mode: 'in-place' },
    policy: DEFAULT_KEEP_POLICY,
    keepFileDates: true,
    originals: { action: 'vault', vaultDir: vault, vaultRelativePath: 'Shots/shot.jpg' },
    maxFileBytes: 10_000_000,
    now: NOW,
    journal: history.createJournal(jobId, { folder: shots, now: () => NOW }),
    fileSystem: stopping.fs,
  });
  await waitForStop(stopping.isStopped);
  // The next start opens the history anew, as another owner of the same pid.
  return { stateDir, shots, vault, input, jobId, history: reopenHistory(stateDir) };
}

async function waitForStop(isStopped: () => boolean): Promise<void> {
  await waitUntil(isStopped, { interval: 5, description: 'the commit reaching its stop' });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

describe('recoverUnfinishedJobs', () => {
  it('rolls back a commit stopped before the rename', async () => {
    const run = await startStoppedCommit((operation) => operation === 'rename');

    const recovered = await recoverUnfinishedJobs(run.history, { now: () => NOW });

    expect(recovered.map((job) => job.outcome)).toEqual(['rolled-back']);
    expect(await readFile(run.input)).toEqual(fixture.bytes);
    expect(await readdir(run.shots)).toEqual(['shot.jpg']);
    expect(await listFiles(run.vault)).toEqual([]);
    expect(run.history.jobs.get(run.jobId)).toMatchObject({
      status: 'failed',
      commitState: 'rolled-back',
      code: 'E_INTERRUPTED',
    });
  });

  it('finishes a commit stopped after the rename', async () => {
    const run = await startStoppedCommit(
      // The folder fsync after the rename; the vault has a `Shots` folder of its own.
      (operation, filePath) =>
        operation === 'open' && filePath.endsWith('Shots') && !filePath.includes('Originals'),
    );

    const recovered = await recoverUnfinishedJobs(run.history, { now: () => NOW });
    const job = run.history.jobs.get(run.jobId);

    expect(recovered.map((entry) => entry.outcome)).toEqual(['rolled-forward']);
    expect(await readFile(run.input)).toEqual(fixture.cleaned);
    expect(await readdir(run.shots)).toEqual(['shot.jpg']);
    expect(job).toMatchObject({ status: 'committed', commitState: 'done' });
    expect(await readFile(job?.original ?? '')).toEqual(fixture.bytes);
    expect(run.history.vault.get(job?.original ?? '')?.outputPath).toBe(run.input);
  });

  it('keeps the vault copy when the input was replaced meanwhile', async () => {
    const run = await startStoppedCommit((operation) => operation === 'rename');
    const replacement = path.join(run.shots, 'new.jpg');
    await writeFile(replacement, 'a new version');
    await rename(replacement, run.input);

    await recoverUnfinishedJobs(run.history, { now: () => NOW });
    const job = run.history.jobs.get(run.jobId);

    expect(job).toMatchObject({ status: 'failed', code: 'E_SOURCE_CHANGED' });
    expect(await readFile(job?.original ?? '')).toEqual(fixture.bytes);
    expect(run.history.vault.listPresent().map((entry) => entry.vaultPath)).toEqual([
      job?.original,
    ]);
    expect(await readFile(run.input, 'utf8')).toBe('a new version');
  });

  it('leaves the running jobs of this process alone', async () => {
    const { history } = await openTempHistory();
    const at = NOW;
    history.jobs.recordStarted({ id: '01J0000000000000000000000A', folder: null, input: '/x', at });

    const recovered = await recoverUnfinishedJobs(history, { now: () => NOW });

    expect(recovered.map((job) => job.outcome)).toEqual(['owned-elsewhere']);
    history.close();
  });

  it('records an orphaned job without a commit as interrupted', async () => {
    const { history, stateDir } = await openTempHistory();
    history.jobs.recordStarted({
      id: '01J0000000000000000000000A',
      folder: null,
      input: '/x',
      at: NOW,
    });
    const next = reopenHistory(stateDir);

    const recovered = await recoverUnfinishedJobs(next, { now: () => NOW });

    expect(recovered.map((job) => job.outcome)).toEqual(['interrupted']);
    expect(next.jobs.get('01J0000000000000000000000A')).toMatchObject({
      status: 'failed',
      code: 'E_INTERRUPTED',
    });
  });

  it('leaves the jobs of a running process alone', async () => {
    const { history, stateDir } = await openTempHistory();
    history.jobs.recordStarted({
      id: '01J0000000000000000000000A',
      folder: null,
      input: '/x',
      at: NOW,
    });
    const db = new Database(path.join(stateDir, HISTORY_FILE));
    db.prepare('UPDATE jobs SET owner_pid = ?').run(process.pid + 1);
    db.close();
    const next = reopenHistory(stateDir);

    const alive = await recoverUnfinishedJobs(next, { isProcessAlive: () => true });
    const dead = await recoverUnfinishedJobs(next, { isProcessAlive: () => false });

    expect(alive.map((job) => job.outcome)).toEqual(['owned-elsewhere']);
    expect(dead.map((job) => job.outcome)).toEqual(['interrupted']);
  });

  it('records a finished commit whose job end was lost', async () => {
    const { history, stateDir } = await openTempHistory();
    const id = '01J0000000000000000000000A';
    history.jobs.recordStarted({ id, folder: null, input: '/x', at: NOW });
    const db = new Database(path.join(stateDir, HISTORY_FILE));
    db.prepare(`UPDATE jobs SET commit_state = 'done', output = '/x'`).run();
    db.close();
    const next = reopenHistory(stateDir);

    const recovered = await recoverUnfinishedJobs(next, { now: () => NOW });

    expect(recovered.map((job) => job.outcome)).toEqual(['rolled-forward']);
    expect(next.jobs.get(id)?.status).toBe('committed');
  });
});
