import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanBytes } from '../../src/commit/clean-bytes.js';
import { openHistory } from '../../src/commit/history/open-history.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { SETTLE_MS } from '../helpers/wait.js';
import { createDirtyJpeg } from './create-test-images.js';
import { parseCleanJson } from './json-envelope.js';
import { hasBuiltCli, runBin } from './run-cli.js';

afterEach(removeTempDirs);
afterAll(closeExifTool);

/** The exit code `runBin` reports for a child killed by a signal. */
const KILLED = 128;

/** Lists every file under `dir`, relative to it, hidden ones included. */
async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => !entry.isDirectory())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .sort();
  } catch {
    return [];
  }
}

describe.skipIf(!isExifToolAvailable() || !hasBuiltCli())('metaclear clean journal', () => {
  let dirty: Buffer;
  let cleaned: Buffer;

  beforeAll(async () => {
    const dir = await createTempDir('metaclear-fixture-');
    await createDirtyJpeg(path.join(dir, 'dirty.jpg'));
    dirty = await readFile(path.join(dir, 'dirty.jpg'));
    cleaned = Buffer.from((await cleanBytes(dirty, DEFAULT_KEEP_POLICY)).bytes);
  });

  async function createWorkspace(): Promise<{ home: string; work: string; input: string }> {
    const root = await createTempDir();
    const home = path.join(root, 'home');
    const work = path.join(root, 'work');
    await mkdir(home);
    await mkdir(work);
    const input = path.join(work, 'photo.jpg');
    await writeFile(input, dirty);
    return { home, work, input };
  }

  it.each(['after-intent', 'after-temp-fsync', 'after-vault-fsync', 'after-rename', 'before-done'])(
    'repairs a kill at %s on the next run',
    async (step) => {
      const { home, work, input } = await createWorkspace();

      const killed = await runBin(['clean', input], {
        home,
        env: { METACLEAR_FAULT: `crash:${step}` },
      });
      expect(killed.exitCode).toBe(KILLED);
      // Whatever the kill left, one copy of the original bytes is on disk.
      const vaultAfterKill = await listFiles(path.join(home, 'Originals'));
      const inputAfterKill = await readFile(input);
      expect(inputAfterKill.equals(dirty) || vaultAfterKill.length === 1).toBe(true);

      const rerun = await runBin(['clean', '--json', input], { home });

      expect(rerun.exitCode).toBe(0);
      const [entry] = parseCleanJson(rerun.stdout);
      expect(['cleaned', 'already-clean']).toContain(entry?.status);
      expect(await listFiles(work)).toEqual(['photo.jpg']);
      expect((await readFile(input)).equals(cleaned)).toBe(true);
      expect(listIdentifyingTags(await readAllTags(input))).toEqual([]);
      const vault = await listFiles(path.join(home, 'Originals'));
      expect(vault).toHaveLength(1);
      const original = await readFile(path.join(home, 'Originals', vault[0] ?? ''));
      expect(original.equals(dirty)).toBe(true);
      const history = openHistory(path.join(home, 'state'));
      try {
        expect(history.jobs.listUnfinished()).toEqual([]);
      } finally {
        history.close();
      }
    },
  );

  it('waits for the lock another process holds', async () => {
    const { home, input } = await createWorkspace();
    const history = openHistory(path.join(home, 'state'));
    try {
      const release = await history.locks.acquire(input);
      const running = runBin(['clean', '--json', input], { home });

      const first = await Promise.race([
        running.then(() => 'exited'),
        sleep(SETTLE_MS).then(() => 'waiting'),
      ]);
      expect(first).toBe('waiting');
      // The lock holder cleans the file meanwhile, as a concurrent run would.
      await writeFile(`${input}.new`, cleaned);
      await rename(`${input}.new`, input);
      release();
      const run = await running;

      expect(run.exitCode).toBe(0);
      expect(parseCleanJson(run.stdout)[0]?.status).toBe('already-clean');
      expect(await listFiles(path.join(home, 'Originals'))).toEqual([]);
    } finally {
      history.close();
    }
  });

  it('serialises concurrent runs on one file', async () => {
    const { home, work, input } = await createWorkspace();

    const runs = await Promise.all(
      [1, 2, 3].map(() => runBin(['clean', '--json', input], { home })),
    );

    expect(runs.map((run) => run.exitCode)).toEqual([0, 0, 0]);
    const statuses = runs.map((run) => parseCleanJson(run.stdout)[0]?.status).sort();
    expect(statuses).toEqual(['already-clean', 'already-clean', 'cleaned']);
    expect(await listFiles(work)).toEqual(['photo.jpg']);
    expect((await readFile(input)).equals(cleaned)).toBe(true);
    expect(await listFiles(path.join(home, 'Originals'))).toHaveLength(1);
  });
});
