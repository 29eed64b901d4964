import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { COMMIT_STEPS, type CommitStep } from '../../../src/commit/commit-steps.js';
import { reportMissingDependency } from '../../helpers/ci.js';
import {
  failOnExit,
  IS_BUILT,
  killDaemons,
  spawnDaemon,
  stopDaemon,
  waitForExit,
  waitForLogLine,
  waitForStart,
  writeDaemonConfig,
} from '../../helpers/daemon-process.js';
import { auditDurability, hashFileForTest } from '../../helpers/durability-audit.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitUntil } from '../../helpers/wait.js';

if (!IS_BUILT) {
  reportMissingDependency('dist/ (the compiled CLI)', 'Run `npm run build` first.');
}

afterEach(async () => {
  await killDaemons();
  await removeTempDirs();
});
afterAll(closeExifTool);

/** The steps at which the input still has the original bytes, so recovery rolls back. */
const ROLLED_BACK_STEPS: ReadonlySet<CommitStep> = new Set([
  'after-intent',
  'after-temp-fsync',
  'after-vault-fsync',
]);

interface Home {
  readonly root: string;
  readonly inbox: string;
  readonly cleaned: string;
  readonly shots: string;
  readonly vault: string;
  readonly stateDir: string;
}

async function createHome(): Promise<Home> {
  const root = await createTempDir();
  const home: Home = {
    root,
    inbox: path.join(root, 'To Clean'),
    cleaned: path.join(root, 'Cleaned'),
    shots: path.join(root, 'Shots'),
    vault: path.join(root, 'Originals'),
    stateDir: path.join(root, 'state'),
  };
  for (const dir of [home.inbox, home.cleaned, home.shots, path.join(root, 'incoming')]) {
    await mkdir(dir, { recursive: true });
  }
  await writeDaemonConfig(root, {
    version: 1,
    folders: [
      { path: home.inbox, mode: 'output', output: home.cleaned },
      { path: home.shots, mode: 'in-place' },
    ],
    originals: { action: 'vault', vault: home.vault },
    settle: { stableMs: 100, incompleteAfterMs: 60_000 },
    concurrency: 1,
  });
  return home;
}

/** Waits until the file has been cleaned: gone from the inbox, or replaced in place. */
async function waitUntilCleaned(home: Home, target: string, originalSha256: string): Promise<void> {
  await waitUntil(
    async () => {
      if (target.startsWith(home.inbox)) {
        return (await readdir(home.inbox)).length === 0 && (await readdir(home.cleaned)).length > 0;
      }
      return (await hashFileForTest(target)) !== originalSha256;
    },
    { timeout: 60_000, interval: 50, description: `${path.basename(target)} cleaned` },
  );
}

describe.skipIf(!IS_BUILT || !isExifToolAvailable())('crash at each commit step', () => {
  const cases = COMMIT_STEPS.flatMap((step) =>
    (['output', 'in-place'] as const).map((mode) => ({ step, mode })),
  );

  it.each(cases)(
    'recovers from a kill $step in an $mode folder',
    { timeout: 180_000 },
    async ({ step, mode }) => {
      const home = await createHome();
      const staged = path.join(home.root, 'incoming', 'photo.jpg');
      await createDirtyJpeg(staged, { width: 64, height: 48 });
      const originalSha256 = await hashFileForTest(staged);
      const target = path.join(mode === 'output' ? home.inbox : home.shots, 'photo.jpg');

      const crashing = spawnDaemon(home.root, { METACLEAR_FAULT: `crash:${step}` });
      await waitForStart(home.root, crashing, { timeout: 60_000 });
      await rename(staged, target);
      const exit = await waitForExit(crashing, 60_000);

      const recovering = spawnDaemon(home.root);
      const recovered = await failOnExit(
        recovering,
        waitForLogLine(home.root, 'job recovered', { fields: { path: target }, timeout: 60_000 }),
      );
      await failOnExit(recovering, waitUntilCleaned(home, target, originalSha256));
      const stopped = await stopDaemon(recovering);
      const audit = await auditDurability(
        {
          stateDir: home.stateDir,
          inboxes: [home.inbox],
          inPlaceFolders: [home.shots],
          outputFolders: [home.cleaned],
          vaultDir: home.vault,
        },
        new Set([originalSha256]),
      );

      expect(exit.signal).toBe('SIGKILL');
      expect(recovered.outcome).toBe(
        ROLLED_BACK_STEPS.has(step) ? 'rolled-back' : 'rolled-forward',
      );
      expect(stopped.code).toBe(0);
      expect(recovering.stderr()).toBe('');
      expect(audit.losses).toBe(0);
      expect(audit.duplicates).toBe(0);
      expect(audit.published).toBe(1);
      expect(audit.leftInInbox).toEqual([]);
      expect(audit.tempFiles).toEqual([]);
      expect(audit.incompleteOutputs).toEqual([]);
      expect(audit.dirtyOutputs).toEqual([]);
      expect(audit.historyProblems).toEqual([]);
    },
  );
});
