import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killDaemons,
  spawnDaemon,
  stopDaemon,
  waitForStart,
  writeDaemonConfig,
  type DaemonProcess,
} from '../helpers/daemon-process.js';
import { closeExifTool, isExifToolAvailable, readAllTags } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';
import { parseCleanJson } from './json-envelope.js';
import { hasBuiltCli, runBin, type CliRun } from './run-cli.js';

/** Long enough for a spawned CLI and a settle window on a loaded 2-core machine. */
const WAIT_MS = 30_000;
/** Short, so that a truncated file reaches "needs attention" within the test. */
const INCOMPLETE_AFTER_MS = 1_500;

interface Home {
  readonly root: string;
  readonly inbox: string;
  readonly cleaned: string;
  readonly vault: string;
  readonly elsewhere: string;
}

async function createHome(): Promise<Home> {
  const root = await createTempDir('metaclear-cli-daemon-');
  const home: Home = {
    root,
    inbox: path.join(root, 'Inbox'),
    cleaned: path.join(root, 'Cleaned'),
    vault: path.join(root, 'Originals'),
    elsewhere: path.join(root, 'Elsewhere'),
  };
  for (const dir of [home.inbox, home.cleaned, home.vault, home.elsewhere]) {
    await mkdir(dir, { recursive: true });
  }
  await writeDaemonConfig(root, {
    version: 1,
    folders: [{ path: home.inbox, mode: 'output', output: home.cleaned }],
    originals: { action: 'vault', vault: home.vault },
    settle: { stableMs: 50, incompleteAfterMs: INCOMPLETE_AFTER_MS },
    concurrency: 2,
  });
  return home;
}

/** Runs `bin/metaclear.js` with the temp home as both `METACLEAR_HOME` and `HOME`. */
function runCli(home: Home, argv: readonly string[]): Promise<CliRun> {
  return runBin(argv, {
    home: home.root,
    env: { HOME: home.root, XDG_CONFIG_HOME: path.join(home.root, '.config') },
  });
}

/** Runs a command with `--json`, checks the exit code and the envelope, and returns it. */
async function runJson(home: Home, argv: readonly string[]): Promise<Record<string, unknown>> {
  const run = await runCli(home, [...argv, '--json']);
  expect(run.stderr, `stderr of ${argv.join(' ')}`).toBe('');
  expect(run.exitCode).toBe(0);
  const text = run.stdout.toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  const envelope = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(envelope)[0]).toBe('version');
  expect(envelope.version).toBe(1);
  return envelope;
}

interface JobEntry {
  readonly jobId: string;
  readonly folder: string | null;
  readonly input: string;
  readonly output: string | null;
  readonly status: string;
  readonly result: string | null;
}

async function listRecentJobs(home: Home): Promise<JobEntry[]> {
  return (await runJson(home, ['recent'])).jobs as JobEntry[];
}

/** Waits until `recent` lists a finished job for `input`, and returns it. */
function waitForJob(home: Home, input: string): Promise<JobEntry> {
  return waitUntil(
    async () =>
      (await listRecentJobs(home)).find((job) => job.input === input && job.result !== null),
    { timeout: WAIT_MS, interval: 200, description: `a finished job for ${input}` },
  );
}

interface FolderEntry {
  readonly path: string;
  readonly mode: string;
  readonly state: string;
  readonly paused: boolean;
}

async function listFolders(home: Home): Promise<FolderEntry[]> {
  return (await runJson(home, ['folders', 'list'])).folders as FolderEntry[];
}

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

describe.skipIf(!hasBuiltCli() || !isExifToolAvailable())('daemon commands', () => {
  let home: Home;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    home = await createHome();
    daemon = spawnDaemon(home.root);
    await waitForStart(home.root, daemon, { timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    const exit = await stopDaemon(daemon).catch(async (error: unknown) => {
      await killDaemons();
      throw error;
    });
    expect(exit.code).toBe(0);
  }, 90_000);

  it('status lists the watched folder', async () => {
    const status = await runJson(home, ['status']);
    const run = await runCli(home, ['status']);
    const text = run.stdout.toString('utf8');

    expect(status.state).toMatch(/^(idle|working)$/);
    expect(typeof status.daemonVersion).toBe('string');
    expect((status.folders as FolderEntry[]).map((folder) => folder.path)).toEqual([home.inbox]);
    expect(run.exitCode).toBe(0);
    expect(text).toMatch(/^Watching 1 folder · \d+ cleaned today\n/);
    expect(text).toContain('~/Inbox');
    expect(text).toContain('cleaned copies to ~/Cleaned');
  });

  it('pause --for and resume', async () => {
    const before = Date.now();
    const paused = await runCli(home, ['pause', '--for', '1h']);
    const status = await runJson(home, ['status']);
    const until = Date.parse(String(status.pausedUntil));
    const resumed = await runCli(home, ['resume']);
    const after = await runJson(home, ['status']);

    expect(paused.exitCode).toBe(0);
    expect(paused.stdout.toString('utf8')).toMatch(/^Paused all folders until .*\d\d:\d\d\.\n$/);
    expect(status.paused).toBe(true);
    expect(status.state).toBe('paused');
    expect(until).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1_000);
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout.toString('utf8')).toBe('Resumed all folders.\n');
    expect(after.paused).toBe(false);
    expect(after.pausedUntil).toBeNull();
  });

  it('pauses and resumes one folder', async () => {
    const paused = await runJson(home, ['pause', home.inbox]);
    const folders = await listFolders(home);
    const resumed = await runJson(home, ['resume', home.inbox]);

    expect(paused.folder).toBe(home.inbox);
    expect(paused.until).toBeNull();
    expect(folders[0]?.paused).toBe(true);
    expect(folders[0]?.state).toBe('paused');
    expect(resumed.wasPaused).toBe(true);
    expect((await listFolders(home))[0]?.paused).toBe(false);
  });

  it('folders add, list and remove', async () => {
    const shots = path.join(home.root, 'Shots');
    await mkdir(shots);

    const added = await runCli(home, ['folders', 'add', shots]);
    const listed = await runCli(home, ['folders', 'list']);
    const foldersAfterAdd = await listFolders(home);
    const removed = await runCli(home, ['folders', 'remove', shots]);
    const foldersAfterRemove = await listFolders(home);

    expect(added.exitCode).toBe(0);
    expect(added.stdout.toString('utf8')).toMatch(/^Watching ~\/Shots, cleaning files in place\./);
    expect(listed.stdout.toString('utf8')).toMatch(/^ {2}~\/Shots +in place +watching$/m);
    expect(foldersAfterAdd.find((folder) => folder.path === shots)?.mode).toBe('in-place');
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout.toString('utf8')).toMatch(/^Stopped watching ~\/Shots\./);
    expect(foldersAfterRemove.map((folder) => folder.path)).toEqual([home.inbox]);
  });

  // On macOS the screenshots folder comes from the real `defaults` setting, outside the temp home.
  it.skipIf(process.platform !== 'linux')('folders add --screenshots', async () => {
    const missing = await runCli(home, ['folders', 'add', '--screenshots']);
    const screenshots = path.join(home.root, 'Pictures', 'Screenshots');
    await mkdir(screenshots, { recursive: true });

    const added = await runJson(home, ['folders', 'add', '--screenshots']);
    const folder = added.folder as FolderEntry;
    await runJson(home, ['folders', 'remove', screenshots]);

    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`${path.join(home.root, 'Pictures')} does not exist`);
    expect(folder.path).toBe(screenshots);
    expect(folder.mode).toBe('in-place');
  });

  it('folders add sends an absolute path', async () => {
    const relative = path.join('Elsewhere', 'Relative');
    await mkdir(path.join(home.root, relative));

    const run = await runBin(['folders', 'add', relative, '--json'], {
      home: home.root,
      env: { HOME: home.root },
      cwd: home.root,
    });
    const added = JSON.parse(run.stdout.toString('utf8')) as { folder: FolderEntry };
    await runJson(home, ['folders', 'remove', path.join(home.root, relative)]);

    expect(run.exitCode).toBe(0);
    expect(added.folder.path).toBe(path.join(home.root, relative));
  });

  it('rejects removing an unwatched folder with exit 4', async () => {
    const run = await runCli(home, ['folders', 'remove', home.elsewhere]);
    const json = await runCli(home, ['folders', 'remove', home.elsewhere, '--json']);
    const envelope = JSON.parse(json.stdout.toString('utf8')) as {
      version: number;
      error: { code: string };
    };

    expect(run.exitCode).toBe(4);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toMatch(/^metaclear: .*\(E_[A-Z_]+\)\n$/);
    expect(json.exitCode).toBe(4);
    expect(envelope.version).toBe(1);
    expect(envelope.error.code).toMatch(/^E_[A-Z_]+$/);
  });

  it('recent lists a dropped file, and revert restores it', async () => {
    const source = path.join(home.root, 'dirty.jpg');
    await createDirtyJpeg(source);
    const originalBytes = await readFile(source);
    const dropped = path.join(home.inbox, 'photo.jpg');

    await copyFile(source, dropped);
    const job = await waitForJob(home, dropped);
    const recent = await runCli(home, ['recent']);
    const recentText = recent.stdout.toString('utf8');
    const cleanedCopy = job.output ?? '';
    const cleanedTags = await readAllTags(cleanedCopy);

    expect(job.result).toBe('cleaned');
    expect(job.folder).toBe(home.inbox);
    expect(cleanedCopy.startsWith(home.cleaned)).toBe(true);
    expect(Object.keys(cleanedTags).some((tag) => tag.includes('GPS'))).toBe(false);
    expect(recentText).toContain('cleaned');
    expect(recentText).toContain('~/Inbox/photo.jpg -> ~/Cleaned/photo.jpg');
    expect(recentText).toContain(`job ${job.jobId}`);
    expect(recentText).toContain('GPS location');

    const reverted = await runCli(home, ['revert', job.jobId]);

    expect(reverted.stderr).toBe('');
    expect(reverted.exitCode).toBe(0);
    expect(reverted.stdout.toString('utf8')).toContain(
      'Restored the original to ~/Inbox/photo.jpg.',
    );
    expect(await readFile(dropped)).toEqual(originalBytes);
    const jobs = await listRecentJobs(home);
    expect(jobs.find((entry) => entry.jobId === job.jobId)?.status).toBe('reverted');
  });

  it('rejects reverting an unknown job with exit 4', async () => {
    const run = await runCli(home, ['revert', '01JF3K2Q8ZB5M7V4N6R9T0W1XY']);

    expect(run.exitCode).toBe(4);
    expect(run.stderr).toMatch(/\(E_[A-Z_]+\)\n$/);
  });

  it('attention lists a truncated file, then dismisses it', async () => {
    const source = path.join(home.root, 'whole.jpg');
    await createDirtyJpeg(source);
    const bytes = await readFile(source);
    const truncated = path.join(home.inbox, 'truncated.jpg');

    // Without its end of image marker the JPEG never counts as complete.
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const entry = await waitUntil(
      async () => {
        const entries = (await runJson(home, ['attention'])).entries as {
          id: string;
          path: string;
          code: string;
        }[];
        return entries.find((item) => item.path === truncated);
      },
      { timeout: WAIT_MS, interval: 200, description: 'an attention entry for truncated.jpg' },
    );
    const listed = await runCli(home, ['attention']);
    const status = await runJson(home, ['status']);
    const dismissed = await runCli(home, ['attention', 'dismiss', entry.id]);
    const after = (await runJson(home, ['attention'])).entries as { id: string }[];

    expect(listed.stdout.toString('utf8')).toContain(`~/Inbox/truncated.jpg: `);
    expect(listed.stdout.toString('utf8')).toContain(`id ${entry.id}`);
    expect((status.counts as { attention: number }).attention).toBeGreaterThanOrEqual(1);
    expect(dismissed.exitCode).toBe(0);
    expect(dismissed.stdout.toString('utf8')).toMatch(new RegExp(`^Dismissed ${entry.id};`));
    expect(after.map((item) => item.id)).not.toContain(entry.id);
    expect(await readFile(truncated)).toEqual(bytes.subarray(0, Math.floor(bytes.length / 2)));
  });

  it('clean hands the files to the daemon', async () => {
    const photo = path.join(home.elsewhere, 'loose.jpg');
    await createDirtyJpeg(photo);

    const run = await runCli(home, ['clean', photo, '--json']);
    const [report] = parseCleanJson(run.stdout);
    const jobs = await listRecentJobs(home);
    const human = path.join(home.elsewhere, 'second.jpg');
    await createDirtyJpeg(human);
    const humanRun = await runCli(home, ['clean', human]);

    expect(run.exitCode).toBe(0);
    expect(report?.status).toBe('cleaned');
    expect(report?.output).toBe(photo);
    expect(report?.original?.startsWith(home.vault)).toBe(true);
    expect(report?.removed).toContain('gps');
    expect(Object.keys(await readAllTags(photo)).some((tag) => tag.includes('GPS'))).toBe(false);
    expect(jobs.some((job) => job.input === photo && job.folder === null)).toBe(true);
    expect(humanRun.exitCode).toBe(0);
    expect(humanRun.stdout.toString('utf8')).toMatch(/^cleaned {2,}.*second\.jpg: removed /);
  });

  it('clean sends the keep flags', async () => {
    const photo = path.join(home.elsewhere, 'turned.jpg');
    await createDirtyJpeg(photo, { width: 48, height: 32, orientation: 6 });

    const run = await runCli(home, ['clean', '--bake-orientation', photo, '--json']);
    const [report] = parseCleanJson(run.stdout);
    const jobs = await listRecentJobs(home);
    const metadata = await sharp(photo).metadata();

    expect(run.exitCode).toBe(0);
    expect(report?.status).toBe('cleaned');
    expect(jobs.some((job) => job.input === photo && job.folder === null)).toBe(true);
    // Orientation 6 turns the 48x32 image upright as 32x48.
    expect([metadata.width, metadata.height]).toEqual([32, 48]);
    expect(metadata.orientation ?? 1).toBe(1);
  });

  it('clean walks a folder and sends its files', async () => {
    const album = path.join(home.elsewhere, 'album');
    await mkdir(path.join(album, 'day 2'), { recursive: true });
    const files = [path.join(album, 'a.jpg'), path.join(album, 'day 2', 'b.jpg')];
    for (const file of files) {
      await createDirtyJpeg(file);
    }
    await writeFile(path.join(album, '.hidden.jpg'), 'not an image');

    const run = await runBin(['clean', 'album', '--json'], {
      home: home.root,
      env: { HOME: home.root },
      cwd: home.elsewhere,
    });
    const reports = parseCleanJson(run.stdout);
    const jobs = await listRecentJobs(home);

    expect(run.exitCode).toBe(0);
    expect(reports.map((report) => report.input).sort()).toEqual([...files].sort());
    expect(reports.map((report) => report.status)).toEqual(['cleaned', 'cleaned']);
    for (const file of files) {
      expect(jobs.some((job) => job.input === file && job.folder === null)).toBe(true);
    }
  });
});

describe.skipIf(!hasBuiltCli())('daemon commands without a daemon', () => {
  it.each([
    [['status']],
    [['pause', '--for', '30m']],
    [['resume']],
    [['folders', 'list']],
    [['recent']],
    [['attention']],
    [['revert', '01JF3K2Q8ZB5M7V4N6R9T0W1XY']],
  ])('%j exits 3 and says how to start one', async (argv) => {
    const root = await createTempDir();
    const run = await runBin(argv, { home: root });

    expect(run.exitCode).toBe(3);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toContain('no MetaClear daemon is running');
    expect(run.stderr).toContain('`metaclear daemon`');
    expect(run.stderr).toContain('`metaclear agent install`');
  });

  it('prints the error envelope with --json', async () => {
    const run = await runBin(['status', '--json'], { home: await createTempDir() });
    const envelope = JSON.parse(run.stdout.toString('utf8')) as {
      version: number;
      error: { code: string };
    };

    expect(run.exitCode).toBe(3);
    expect(envelope.version).toBe(1);
    expect(envelope.error.code).toBe('E_DAEMON_UNREACHABLE');
  });
});
