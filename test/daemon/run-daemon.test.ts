import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StatusResult } from '../../src/shared/protocol/index.js';
import { reportMissingDependency } from '../helpers/ci.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { waitUntil } from '../helpers/wait.js';
import { createGpsPhoto, listGpsTags } from './gps-photo.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO_ROOT, 'bin', 'metaclear.js');
const IS_BUILT = existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'));
const TIMEOUT_MS = 20_000;
const execFileAsync = promisify(execFile);

if (!IS_BUILT) {
  reportMissingDependency('dist/ (the compiled CLI)', 'Run `npm run build` first.');
}

interface Spawned {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
  await removeTempDirs();
});

afterAll(closeExifTool);

function spawnDaemon(home: string, args: readonly string[] = []): Spawned {
  const child = spawn(process.execPath, [CLI, 'daemon', ...args], {
    env: { ...process.env, METACLEAR_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return { child, stderr: () => stderr, exited };
}

/** Resolves with the exit code, or rejects when the process is still running after the timeout. */
function waitForExit(spawned: Spawned): Promise<number | null> {
  return Promise.race([
    spawned.exited,
    new Promise<never>((_, reject) => {
      setTimeout(() => {
        reject(new Error(`the daemon did not exit within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS).unref();
    }),
  ]);
}

/** Parses every JSON line of the daemon's log files. */
async function readLogLines(home: string): Promise<Record<string, unknown>[]> {
  const logDir = path.join(home, 'logs');
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

function waitForLogMessage(home: string, message: string): Promise<Record<string, unknown>> {
  return waitUntil(async () => (await readLogLines(home)).find((line) => line.msg === message), {
    timeout: TIMEOUT_MS,
    description: `log line '${message}'`,
  });
}

/** Runs `metaclear status --json` against the daemon of `home`. */
async function runStatus(home: string): Promise<StatusResult> {
  const { stdout } = await execFileAsync(process.execPath, [CLI, 'status', '--json'], {
    env: { ...process.env, METACLEAR_HOME: home },
  });
  return JSON.parse(stdout) as StatusResult;
}

async function writeInvalidConfig(home: string): Promise<void> {
  await mkdir(path.join(home, 'config'), { recursive: true });
  const config = { version: 1, folders: [{ path: path.join(home, 'In'), mode: 'sideways' }] };
  await writeFile(path.join(home, 'config', 'config.json'), JSON.stringify(config));
}

describe.skipIf(!IS_BUILT)('metaclear daemon', () => {
  it.skipIf(!isExifToolAvailable())('cleans the inbox until SIGTERM, then exits 0', async () => {
    const home = await createTempDir();
    const sources = await createTempDir();
    const source = await createGpsPhoto(sources);
    const daemon = spawnDaemon(home);
    await waitForLogMessage(home, 'daemon started');

    await copyFile(source, path.join(home, 'To Clean', 'phone.jpg'));
    const cleaned = path.join(home, 'Cleaned', 'phone.jpg');
    await waitUntil(() => existsSync(cleaned), {
      timeout: TIMEOUT_MS,
      description: 'Cleaned/phone.jpg',
    });
    const jobLine = await waitForLogMessage(home, 'job done');
    daemon.child.kill('SIGTERM');

    expect(await waitForExit(daemon)).toBe(0);
    expect(await listGpsTags(cleaned)).toEqual([]);
    expect(jobLine).toMatchObject({
      status: 'cleaned',
      format: 'jpeg',
      path: path.join(home, 'To Clean', 'phone.jpg'),
    });
    expect(jobLine.removed).toContain('gps');
    expect(typeof jobLine.jobId).toBe('string');
    expect(typeof jobLine.durationMs).toBe('number');
    expect(typeof jobLine.bytes).toBe('number');
    const messages = (await readLogLines(home)).map((line) => line.msg);
    expect(messages).toContain('daemon stopped');
    expect(daemon.stderr()).toBe('');
  });

  it('exits 78 on an invalid config', async () => {
    const home = await createTempDir();
    await writeInvalidConfig(home);

    const daemon = spawnDaemon(home);

    expect(await waitForExit(daemon)).toBe(78);
    expect(daemon.stderr()).toContain('folders[0].mode');
    const line = await waitForLogMessage(home, 'invalid config');
    expect(line.code).toBe('E_CONFIG_INVALID');
  });

  it('waits in attention as the agent', async () => {
    const home = await createTempDir();
    await writeInvalidConfig(home);

    const daemon = spawnDaemon(home, ['--agent']);
    const waiting = await waitForLogMessage(home, 'daemon waiting for a valid config');
    const invalid = await waitForLogMessage(home, 'invalid config');
    expect(daemon.child.exitCode).toBeNull();
    daemon.child.kill('SIGTERM');

    expect(await waitForExit(daemon)).toBe(0);
    expect(waiting.state).toBe('attention');
    expect(invalid.code).toBe('E_CONFIG_INVALID');
    expect(invalid.reason).toContain('folders[0].mode');
  });

  it('reports the error, then starts once fixed', async () => {
    const home = await createTempDir();
    await writeInvalidConfig(home);
    const daemon = spawnDaemon(home, ['--agent']);
    await waitForLogMessage(home, 'daemon waiting for a valid config');

    const waiting = await runStatus(home);
    expect(waiting.state).toBe('attention');
    expect(waiting.stateReason?.code).toBe('E_CONFIG_INVALID');
    expect(waiting.stateReason?.message).toContain('folders[0].mode');
    expect(waiting.folders).toEqual([]);

    const inbox = path.join(home, 'In');
    await mkdir(inbox);
    const config = { version: 1, folders: [{ path: inbox, mode: 'in-place' }] };
    await writeFile(path.join(home, 'config', 'config.json'), JSON.stringify(config));
    await waitForLogMessage(home, 'daemon started');

    const running = await runStatus(home);
    expect(running.state).toBe('idle');
    expect(running.stateReason).toBeNull();
    expect(running.folders.map((folder) => folder.path)).toEqual([inbox]);
    daemon.child.kill('SIGTERM');
    expect(await waitForExit(daemon)).toBe(0);
  });

  it('exits 5 while another daemon owns the home', async () => {
    const home = await createTempDir();
    const first = spawnDaemon(home);
    await waitForLogMessage(home, 'daemon started');

    const second = spawnDaemon(home);
    const agent = spawnDaemon(home, ['--agent']);

    expect(await waitForExit(second)).toBe(5);
    expect(second.stderr()).toContain('another MetaClear daemon is running');
    expect(await waitForExit(agent)).toBe(0);
    expect(first.child.exitCode).toBeNull();
    first.child.kill('SIGTERM');
    expect(await waitForExit(first)).toBe(0);
  });
});
