import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { IS_CI, reportMissingDependency } from '../helpers/ci.js';
import { CLI_PATH, IS_BUILT, readLogLines, waitForLogLine } from '../helpers/daemon-process.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';
import { parseSocketCalls, readSocketCalls, TRACED_CALLS } from './strace-log.js';

const execFileAsync = promisify(execFile);

/** Files dropped into the inbox at once while the daemon is traced. */
const BURST_FILES = 20;

afterEach(removeTempDirs);
afterAll(closeExifTool);

/** Returns true when `command args` runs and exits 0. */
async function canRun(command: string, args: readonly string[]): Promise<boolean> {
  try {
    await execFileAsync(command, [...args]);
    return true;
  } catch {
    return false;
  }
}

// strace must also be allowed to trace here: some containers forbid ptrace.
const HAS_STRACE = await canRun('strace', ['-f', '-qq', '-e', 'trace=socket', 'true']);
if (!HAS_STRACE) {
  reportMissingDependency(
    'strace (or permission to trace)',
    'Install it with `apt-get install strace` and run where ptrace is allowed.',
  );
}
if (!isExifToolAvailable() && IS_CI) {
  reportMissingDependency('ExifTool', 'Install perl.');
}

/**
 * Finds the `unshare` arguments that run a command in a new network namespace, which has no
 * interface but a loopback that is down. Returns null where namespaces are not allowed. Root
 * needs no user namespace, and others get one with `-r`.
 */
async function findUnshareArgs(): Promise<string[] | null> {
  for (const args of [['-n'], ['-rn']]) {
    if (await canRun('unshare', [...args, 'true'])) {
      return args;
    }
  }
  return null;
}

const UNSHARE_ARGS = await findUnshareArgs();
if (UNSHARE_ARGS === null) {
  console.warn('\n[skip] unshare -n is not allowed here, so the namespace runs are skipped.\n');
}

/** Creates the environment of a run: everything under `home`, nothing in the real home. */
function createEnv(home: string): NodeJS.ProcessEnv {
  return { ...process.env, METACLEAR_HOME: home, HOME: home, XDG_DATA_HOME: '' };
}

/** Runs `node bin/metaclear.js args` under strace, writing one log file per process. */
async function traceCli(
  home: string,
  logPrefix: string,
  args: readonly string[],
): Promise<{ exitCode: number; stderr: string }> {
  const command = ['-f', '-qq', '-ff', '-e', TRACED_CALLS, '-o', logPrefix];
  return new Promise((resolve, reject) => {
    execFile(
      'strace',
      [...command, process.execPath, CLI_PATH, ...args],
      { env: createEnv(home) },
      (error, _stdout, stderr) => {
        const code = error === null ? 0 : error.code;
        if (typeof code !== 'number') {
          reject(error ?? new Error('strace did not run'));
          return;
        }
        resolve({ exitCode: code, stderr });
      },
    );
  });
}

async function listLogs(dir: string, prefix: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => name.startsWith(prefix))
    .map((name) => path.join(dir, name));
}

describe('parseSocketCalls', () => {
  it('finds internet sockets and connects', () => {
    const calls = parseSocketCalls(
      [
        '101 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 20',
        '101 connect(20, {sa_family=AF_UNIX, sun_path="/tmp/m.sock"}, 110) = 0',
        '102 socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 21',
        '102 connect(22, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, 16) = -1',
      ].join('\n'),
    );

    expect(calls.families.get('AF_UNIX')).toBe(1);
    expect(calls.families.get('AF_INET6')).toBe(1);
    expect(calls.internetLines).toHaveLength(2);
  });

  it('accepts Unix sockets only', () => {
    const calls = parseSocketCalls('7 socket(AF_UNIX, SOCK_STREAM, 0) = 3\n');

    expect(calls.internetLines).toEqual([]);
  });
});

describe.skipIf(!HAS_STRACE || UNSHARE_ARGS === null)('strace control', () => {
  it('catches an internet socket', async () => {
    const traces = await createTempDir('metaclear-strace-');
    const logPrefix = path.join(traces, 'control');
    // Inside a new network namespace, so the socket cannot reach anything even in principle.
    const script =
      "const s = require('node:dgram').createSocket('udp4');" +
      "s.on('error', () => s.close()); s.bind(0, '127.0.0.1', () => s.close());";
    await execFileAsync('unshare', [
      ...(UNSHARE_ARGS ?? []),
      'strace',
      ...['-f', '-qq', '-ff', '-e', TRACED_CALLS, '-o', logPrefix],
      process.execPath,
      '-e',
      script,
    ]);

    const calls = await readSocketCalls(await listLogs(traces, 'control'));

    expect(calls.families.get('AF_INET')).toBe(1);
    expect(calls.internetLines.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!IS_BUILT || UNSHARE_ARGS === null || !isExifToolAvailable())(
  'without a network',
  () => {
    it('cleans and checks in a namespace', { timeout: 60_000 }, async () => {
      const home = await createTempDir();
      const photo = path.join(home, 'photo.jpg');
      await createDirtyJpeg(photo, { width: 320, height: 240 });
      const out = path.join(home, 'out');
      const run = (args: readonly string[]) =>
        execFileAsync('unshare', [...(UNSHARE_ARGS ?? []), process.execPath, CLI_PATH, ...args], {
          env: createEnv(home),
        });

      await run(['clean', '--out', out, photo]);
      const { stdout } = await run(['check', '--json', path.join(out, 'photo.jpg')]);

      const report = JSON.parse(stdout) as { files: { status: string }[] };
      expect(report.files.map((file) => file.status)).toEqual(['clean']);
    });
  },
);

describe.skipIf(!HAS_STRACE || !IS_BUILT || !isExifToolAvailable())(
  'no network under strace',
  () => {
    it('daemon and CLI open only Unix sockets', { timeout: 180_000 }, async () => {
      const home = await createTempDir();
      const traces = await createTempDir('metaclear-strace-');
      const sources = path.join(home, 'sources');
      await mkdir(sources);
      const photo = path.join(sources, 'photo.jpg');
      await createDirtyJpeg(photo, { width: 320, height: 240 });

      const daemon = spawn(
        'strace',
        [
          '-f',
          '-qq',
          '-ff',
          '-e',
          TRACED_CALLS,
          '-o',
          path.join(traces, 'daemon'),
          process.execPath,
          CLI_PATH,
          'daemon',
        ],
        { env: createEnv(home), stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const exited = new Promise<number | null>((resolve) => daemon.once('exit', resolve));
      try {
        const started = await waitForLogLine(home, 'daemon started', { timeout: 60_000 });
        const inbox = path.join(home, 'To Clean');
        for (let index = 0; index < BURST_FILES; index += 1) {
          await copyFile(photo, path.join(inbox, `photo-${String(index).padStart(2, '0')}.jpg`));
        }
        await waitUntil(
          async () =>
            (await readLogLines(home)).filter((line) => line.msg === 'job done').length >=
            BURST_FILES,
          { timeout: 120_000, description: `${BURST_FILES} 'job done' log lines` },
        );

        const out = path.join(home, 'out');
        const clean = await traceCli(home, path.join(traces, 'clean'), [
          'clean',
          '--out',
          out,
          photo,
        ]);
        const check = await traceCli(home, path.join(traces, 'check'), ['check', photo]);
        // `status` talks to the daemon over its Unix socket; its exit code does not matter here.
        await traceCli(home, path.join(traces, 'status'), ['status']);
        expect(clean.exitCode).toBe(0);
        expect(check.exitCode).toBe(1);
        expect(existsSync(path.join(out, 'photo.jpg'))).toBe(true);

        process.kill(started.pid as number, 'SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        daemon.kill('SIGKILL');
      }

      const daemonCalls = await readSocketCalls(await listLogs(traces, 'daemon'));
      const cliCalls = await readSocketCalls([
        ...(await listLogs(traces, 'clean')),
        ...(await listLogs(traces, 'check')),
        ...(await listLogs(traces, 'status')),
      ]);
      // The daemon binds its control socket, so a trace without AF_UNIX traced nothing.
      expect(daemonCalls.families.get('AF_UNIX')).toBeGreaterThan(0);
      expect(daemonCalls.internetLines).toEqual([]);
      expect(cliCalls.internetLines).toEqual([]);
    });
  },
);
