import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The compiled CLI that the test global setup builds. */
export const CLI_PATH = path.join(REPO_ROOT, 'bin', 'metaclear.js');

/** True when `dist/` contains the compiled CLI. */
export const IS_BUILT = existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'));

/** How a daemon child process ended. */
export interface DaemonExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A `metaclear daemon` child process. */
export interface DaemonProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  readonly stderr: () => string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<DaemonExit>;
}

const running = new Set<DaemonProcess>();

/**
 * Starts `node bin/metaclear.js daemon` with `METACLEAR_HOME=home` and `HOME=home` (so the
 * trash, too, stays inside the temp folder), plus `env`.
 */
export function spawnDaemon(
  home: string,
  env: Readonly<Record<string, string>> = {},
): DaemonProcess {
  const child = spawn(process.execPath, [CLI_PATH, 'daemon'], {
    env: { ...process.env, METACLEAR_HOME: home, HOME: home, XDG_DATA_HOME: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<DaemonExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const daemon: DaemonProcess = { child, stderr: () => stderr, exited };
  running.add(daemon);
  void exited.finally(() => running.delete(daemon));
  return daemon;
}

/** Kills every daemon started by {@link spawnDaemon} that still runs; call it in `afterEach`. */
export async function killDaemons(): Promise<void> {
  const daemons = [...running];
  for (const daemon of daemons) {
    daemon.child.kill('SIGKILL');
  }
  await Promise.all(daemons.map((daemon) => daemon.exited.catch(() => undefined)));
}

/** Resolves with how the daemon exited, or rejects when it still runs after `timeout` ms. */
export function waitForExit(daemon: DaemonProcess, timeout = 30_000): Promise<DaemonExit> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`the daemon did not exit within ${timeout} ms; stderr: ${daemon.stderr()}`));
    }, timeout);
  });
  return Promise.race([daemon.exited, timedOut]).finally(() => {
    clearTimeout(timer);
  });
}

/** Sends SIGTERM and resolves with the exit, which finishes the running jobs first. */
export async function stopDaemon(daemon: DaemonProcess, timeout = 60_000): Promise<DaemonExit> {
  daemon.child.kill('SIGTERM');
  return waitForExit(daemon, timeout);
}

/** Writes `<home>/config/config.json`. */
export async function writeDaemonConfig(home: string, config: unknown): Promise<void> {
  await mkdir(path.join(home, 'config'), { recursive: true });
  await writeFile(path.join(home, 'config', 'config.json'), JSON.stringify(config, null, 2));
}

/** A parsed line of the daemon's JSON log. */
export type LogLine = Readonly<Record<string, unknown>>;

/** Parses every line of the daemon's log files in `<home>/logs`, oldest file first. */
export async function readLogLines(home: string): Promise<LogLine[]> {
  const logDir = path.join(home, 'logs');
  if (!existsSync(logDir)) {
    return [];
  }
  const lines: LogLine[] = [];
  for (const name of (await readdir(logDir)).sort()) {
    const text = await readFile(path.join(logDir, name), 'utf8');
    for (const line of text.split('\n')) {
      // A line cut short by SIGKILL is skipped.
      if (line.startsWith('{') && line.endsWith('}')) {
        lines.push(JSON.parse(line) as LogLine);
      }
    }
  }
  return lines;
}

/** Resolves with the number of log lines so far, to wait for lines written after it. */
export async function countLogLines(home: string): Promise<number> {
  return (await readLogLines(home)).length;
}

/**
 * Waits for a log line with `msg` (after the first `skip` lines) that matches `fields`, and
 * returns it.
 */
export function waitForLogLine(
  home: string,
  msg: string,
  options: { readonly skip?: number; readonly timeout?: number; readonly fields?: LogLine } = {},
): Promise<LogLine> {
  const { skip = 0, timeout = 30_000, fields = {} } = options;
  return waitUntil(
    async () =>
      (await readLogLines(home))
        .slice(skip)
        .find(
          (line) =>
            line.msg === msg && Object.entries(fields).every(([key, value]) => line[key] === value),
        ),
    { timeout, interval: 50, description: `log line '${msg}'` },
  );
}

/** Resolves as `waiting` does, or rejects with the daemon's stderr when it exits first. */
export function failOnExit<T>(daemon: DaemonProcess, waiting: Promise<T>): Promise<T> {
  const exitedEarly = daemon.exited.then((exit): never => {
    throw new Error(
      `the daemon exited (code ${exit.code}, signal ${exit.signal}) too early; stderr: ${daemon.stderr()}`,
    );
  });
  return Promise.race([waiting, exitedEarly]);
}

/**
 * Waits for the `daemon started` line written after the first `skip` lines, and rejects with
 * the daemon's stderr when it exits before that.
 */
export function waitForStart(
  home: string,
  daemon: DaemonProcess,
  options: { readonly skip?: number; readonly timeout?: number } = {},
): Promise<LogLine> {
  return failOnExit(daemon, waitForLogLine(home, 'daemon started', options));
}
