import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reportMissingDependency } from '../../helpers/ci.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitUntil } from '../../helpers/wait.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(REPO_ROOT, 'bin', 'metaclear.js');
const IS_BUILT = existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'));
const TIMEOUT_MS = 20_000;

/**
 * Root can read a file with mode 000, so when the tests run as root the daemon runs as
 * `nobody`, which cannot.
 */
const IS_ROOT = process.getuid?.() === 0;
const NOBODY = 65_534;

/**
 * True when the daemon runs as `nobody`. A checkout in a folder that only root can enter, such
 * as one made by `mktemp -d`, cannot be run by `nobody`, so the daemon then runs as root.
 */
const RUNS_AS_NOBODY = IS_ROOT && canNobodyRead(CLI);

if (IS_ROOT && !RUNS_AS_NOBODY) {
  console.warn(
    `[daemon-process] user nobody cannot read ${CLI}, so the daemon runs as root and the ` +
      'unreadable-file test is skipped; make the checkout readable by all to run it.',
  );
}

function canNobodyRead(filePath: string): boolean {
  const probe = spawnSync(
    process.execPath,
    ['-e', 'require("node:fs").accessSync(process.argv[1])', filePath],
    { uid: NOBODY, gid: NOBODY, stdio: 'ignore' },
  );
  return probe.status === 0;
}

if (!IS_BUILT) {
  reportMissingDependency('dist/ (the compiled CLI)', 'Run `npm run build` first.');
}

/** A photo with GPS, made once. */
let photo: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!isExifToolAvailable()) {
    return;
  }
  photo = path.join(await createTempDir('metaclear-process-'), 'photo.jpg');
  await createDirtyJpeg(photo);
});

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

interface Home {
  readonly root: string;
  readonly inbox: string;
  readonly cleaned: string;
  readonly configFile: string;
}

async function createHome(): Promise<Home> {
  const root = await createTempDir();
  const home = {
    root,
    inbox: path.join(root, 'To Clean'),
    cleaned: path.join(root, 'Cleaned'),
    configFile: path.join(root, 'config', 'config.json'),
  };
  await mkdir(home.inbox);
  await mkdir(home.cleaned);
  await mkdir(path.dirname(home.configFile));
  await writeConfig(home, 'info');
  return home;
}

async function writeConfig(home: Home, level: string): Promise<void> {
  const config = {
    version: 1,
    folders: [{ path: home.inbox, mode: 'output', output: home.cleaned }],
    originals: { action: 'vault', vault: path.join(home.root, 'Originals') },
    settle: { stableMs: 100, incompleteAfterMs: 10_000 },
    log: { level },
  };
  await writeFile(home.configFile, `${JSON.stringify(config, null, 2)}\n`);
}

/** Hands the home to `nobody` when the test runs as root. */
async function giveHomeAway(home: Home): Promise<void> {
  if (!RUNS_AS_NOBODY) {
    return;
  }
  await chown(home.root, NOBODY, NOBODY);
  const entries = await readdir(home.root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    await chown(path.join(entry.parentPath, entry.name), NOBODY, NOBODY);
  }
}

function spawnDaemon(home: Home): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'daemon'], {
    env: { ...process.env, METACLEAR_HOME: home.root },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(RUNS_AS_NOBODY ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return { child, exited };
}

async function readLogLines(home: Home): Promise<Record<string, unknown>[]> {
  const logDir = path.join(home.root, 'logs');
  if (!existsSync(logDir)) {
    return [];
  }
  const lines: Record<string, unknown>[] = [];
  for (const name of await readdir(logDir)) {
    const text = await readFile(path.join(logDir, name), 'utf8');
    for (const line of text.split('\n').filter((entry) => entry.length > 0)) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  return lines;
}

function waitForLogLine(
  home: Home,
  predicate: (line: Record<string, unknown>) => boolean,
  description: string,
): Promise<Record<string, unknown>> {
  return waitUntil(async () => (await readLogLines(home)).find(predicate), {
    timeout: TIMEOUT_MS,
    description,
  });
}

async function stopDaemon(spawned: ReturnType<typeof spawnDaemon>): Promise<number | null> {
  spawned.child.kill('SIGTERM');
  return Promise.race([
    spawned.exited,
    new Promise<never>((_, reject) => {
      setTimeout(() => {
        reject(new Error(`the daemon did not exit within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS).unref();
    }),
  ]);
}

describe.skipIf(!IS_BUILT || !isExifToolAvailable())('metaclear daemon on real folders', () => {
  it.skipIf(IS_ROOT && !RUNS_AS_NOBODY)('fails only the unreadable file', async () => {
    const home = await createHome();
    const locked = path.join(home.inbox, 'locked.jpg');
    await copyFile(photo, locked);
    await chmod(locked, 0o000);
    await giveHomeAway(home);
    const daemon = spawnDaemon(home);
    const failed = await waitForLogLine(
      home,
      (line) => line.msg === 'job failed' && line.path === locked,
      'the failure of locked.jpg',
    );

    const later = path.join(home.inbox, 'later.jpg');
    await copyFile(photo, later);
    await giveHomeAway(home);
    const done = await waitForLogLine(
      home,
      (line) => line.msg === 'job done' && line.path === later,
      'the job for later.jpg',
    );

    expect(failed.code).toBe('E_PERMISSION');
    expect([done.status, done.code]).toEqual(['cleaned', null]);
    expect(await stopDaemon(daemon)).toBe(0);
    expect(existsSync(locked)).toBe(true);
    expect(existsSync(path.join(home.cleaned, 'later.jpg'))).toBe(true);
  });

  it('logs a rejected config edit', async () => {
    const home = await createHome();
    await giveHomeAway(home);
    const daemon = spawnDaemon(home);
    await waitForLogLine(home, (line) => line.msg === 'daemon started', 'the start');

    await writeConfig(home, 'loud');
    const rejected = await waitForLogLine(
      home,
      (line) => line.code === 'E_CONFIG_INVALID',
      'the rejected edit',
    );
    await writeConfig(home, 'debug');
    await waitForLogLine(home, (line) => line.msg === 'config applied', 'the applied edit');
    const input = path.join(home.inbox, 'photo.jpg');
    await copyFile(photo, input);
    await giveHomeAway(home);
    const queued = await waitForLogLine(
      home,
      (line) => line.msg === 'job queued' && line.path === input,
      'a debug line, which only the new log level writes',
    );

    expect(String(rejected.reason)).toContain('log.level');
    expect(queued.level).toBe(20);
    expect(await stopDaemon(daemon)).toBe(0);
  });
});
