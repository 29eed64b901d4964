// Starts `metaclear daemon` in a temp home for the benchmark and reads its JSON log.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  DAEMON_MALLOC_ENVIRONMENT,
  DAEMON_NODE_OPTIONS,
} from '../../dist/shared/daemon-node-options.js';
import { getProfileArgs } from './node-args.js';

/** Returns a config like the default one, with `folders` and the vault under `home`. */
export function createConfig(home, folders) {
  return {
    version: 1,
    folders,
    originals: { action: 'vault', vault: path.join(home, 'Originals'), retentionDays: null },
    keep: {
      orientation: true,
      colorProfile: true,
      hdrGainMap: true,
      captureDate: false,
      copyright: false,
      contentCredentials: false,
    },
    limits: { maxFileBytes: 1073741824, jobTimeoutMs: 30000 },
    settle: { stableMs: 150, incompleteAfterMs: 600000 },
    concurrency: 4,
    log: { level: 'info' },
  };
}

/** Writes `<home>/config/config.json` and creates every watched and output folder. */
export async function writeConfig(home, config) {
  await mkdir(path.join(home, 'config'), { recursive: true });
  await writeFile(path.join(home, 'config', 'config.json'), JSON.stringify(config, null, 2));
  for (const folder of config.folders) {
    await mkdir(folder.path, { recursive: true });
    if (folder.output !== undefined) {
      await mkdir(folder.output, { recursive: true });
    }
  }
}

/**
 * Starts `node bin/metaclear.js daemon` with the Node options of the systemd unit and the
 * LaunchAgent, the systemd unit's malloc settings, and `METACLEAR_HOME` and `HOME` set to
 * `home`. Resolves once it logged `daemon started`. `stop()` sends SIGTERM and resolves on
 * exit.
 */
export async function startDaemon(repoRoot, home) {
  const cli = path.join(repoRoot, 'bin', 'metaclear.js');
  const child = spawn(
    process.execPath,
    [...getProfileArgs(), ...DAEMON_NODE_OPTIONS, cli, 'daemon'],
    {
      env: {
        ...process.env,
        ...DAEMON_MALLOC_ENVIRONMENT,
        METACLEAR_HOME: home,
        HOME: home,
        XDG_DATA_HOME: '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = waitForLog(home, (line) => line.msg === 'daemon started', 120_000);
  const exitedEarly = exited.then((code) => {
    throw new Error(`the daemon exited with code ${code} before it started: ${stderr}`);
  });
  await Promise.race([started, exitedEarly]);
  return {
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Parses every complete line of the daemon's log files, oldest file first. */
export async function readLog(home) {
  const logDir = path.join(home, 'logs');
  if (!existsSync(logDir)) {
    return [];
  }
  const lines = [];
  for (const name of (await readdir(logDir)).sort()) {
    for (const line of (await readFile(path.join(logDir, name), 'utf8')).split('\n')) {
      if (line.startsWith('{') && line.endsWith('}')) {
        lines.push(JSON.parse(line));
      }
    }
  }
  return lines;
}

/** Polls the log every 50 ms until a line matches `predicate`, and returns that line. */
export async function waitForLog(home, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = (await readLog(home)).find(predicate);
    if (line !== undefined) {
      return line;
    }
    await delay(50);
  }
  throw new Error(`no matching line in the daemon log of ${home} within ${timeoutMs} ms`);
}
