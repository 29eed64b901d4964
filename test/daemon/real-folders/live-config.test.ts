import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { ConfigWatcher } from '../../../src/daemon/config-watcher.js';
import type { ConfigChange } from '../../../src/daemon/daemon-events.js';
import { followConfigFile } from '../../../src/daemon/follow-config-file.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { SETTLE_MS, waitUntil } from '../../helpers/wait.js';
import {
  closeDaemons,
  createHome,
  EVENT_TIMEOUT_MS,
  listResultInputs,
  startDaemon,
  waitForFolderState,
  waitForResult,
  type Home,
  type RunningDaemon,
} from './real-folder-harness.js';

/** A photo with GPS, a capture date and orientation 6, made once. */
let photo: string;
const configWatchers: ConfigWatcher[] = [];

beforeAll(async () => {
  if (!isExifToolAvailable()) {
    return;
  }
  photo = path.join(await createTempDir('metaclear-live-config-'), 'photo.jpg');
  await createDirtyJpeg(photo, { orientation: 6 });
});

afterEach(async () => {
  await Promise.all(configWatchers.splice(0).map((watcher) => watcher.close()));
  await closeDaemons();
});

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

interface LiveDaemon {
  readonly running: RunningDaemon;
  readonly changes: ConfigChange[];
  /** Parsed JSON log lines. */
  readonly logs: Record<string, unknown>[];
}

async function writeConfig(home: Home, config: ConfigInput): Promise<void> {
  await mkdir(path.dirname(home.locations.configFile), { recursive: true });
  await writeFile(home.locations.configFile, `${JSON.stringify(config, null, 2)}\n`);
}

/** Starts a daemon from the config file and applies edits of it as the daemon command does. */
async function startFromConfigFile(home: Home, config: ConfigInput): Promise<LiveDaemon> {
  await writeConfig(home, config);
  const running = await startDaemon(home, await loadConfig(home.locations));
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  const watcher = followConfigFile(running.daemon, home.locations, pino(stream));
  if (watcher !== null) {
    configWatchers.push(watcher);
  }
  const changes: ConfigChange[] = [];
  running.daemon.on('config.changed', (change) => changes.push(change));
  return { running, changes, logs };
}

function createInput(home: Home, extra: Partial<ConfigInput> = {}): ConfigInput {
  return {
    version: 1,
    folders: [{ path: home.inbox, mode: 'output', output: home.cleaned }],
    originals: { action: 'vault', vault: home.vault },
    settle: { stableMs: 150, incompleteAfterMs: 10_000 },
    ...extra,
  };
}

describe.skipIf(!isExifToolAvailable())('daemon on real folders: live config', () => {
  it('applies added and removed folders', async () => {
    const home = await createHome();
    const live = await startFromConfigFile(home, createInput(home));

    await writeConfig(
      home,
      createInput(home, { folders: [{ path: home.shots, mode: 'in-place' }] }),
    );
    await waitUntil(() => live.changes.length > 0, { timeout: EVENT_TIMEOUT_MS });
    await waitForFolderState(live.running, home.shots, 'watching');
    const ignored = path.join(home.inbox, 'ignored.jpg');
    const shot = path.join(home.shots, 'shot.jpg');
    await copyFile(photo, ignored);
    await copyFile(photo, shot);
    const result = await waitForResult(live.running, shot);
    // The only fixed wait: the folder no longer in the config must not start a job.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await live.running.daemon.onQuiescent();

    expect(live.changes).toEqual([{ added: [home.shots], removed: [home.inbox], updated: [] }]);
    expect(live.running.daemon.config.folders.map((folder) => folder.path)).toEqual([home.shots]);
    expect([result.status, result.code]).toEqual(['cleaned', null]);
    expect(listResultInputs(live.running)).toEqual([shot]);
    expect(live.logs.some((line) => line.msg === 'config applied')).toBe(true);
  });

  it('keeps the last valid config after an invalid edit', async () => {
    const home = await createHome();
    const live = await startFromConfigFile(home, createInput(home));
    const before = live.running.daemon.config;

    await writeConfig(home, {
      ...createInput(home),
      folders: [{ path: home.inbox, mode: 'sideways' as 'output', output: home.cleaned }],
    });
    const logged = await waitUntil(
      () => live.logs.find((line) => line.code === 'E_CONFIG_INVALID'),
      { timeout: EVENT_TIMEOUT_MS, description: 'the rejected edit in the log' },
    );
    const input = path.join(home.inbox, 'photo.jpg');
    await copyFile(photo, input);
    const result = await waitForResult(live.running, input);

    expect(logged.level).toBe(50);
    expect(String(logged.reason)).toContain('folders[0].mode');
    expect(live.running.daemon.config).toBe(before);
    expect(live.changes).toEqual([]);
    expect([result.status, result.code]).toEqual(['cleaned', null]);
  });

  it('applies folder keep overrides key by key', async () => {
    const home = await createHome();
    const keep = { captureDate: true };
    const shots = { path: home.shots, mode: 'in-place' as const };
    const live = await startFromConfigFile(
      home,
      createInput(home, { keep, folders: [{ ...shots, keep: { orientation: false } }] }),
    );
    const first = path.join(home.shots, 'first.jpg');
    await copyFile(photo, first);
    const firstResult = await waitForResult(live.running, first);

    await writeConfig(
      home,
      createInput(home, { keep, folders: [{ ...shots, keep: { captureDate: false } }] }),
    );
    await waitUntil(() => live.changes.length > 0, { timeout: EVENT_TIMEOUT_MS });
    const second = path.join(home.shots, 'second.jpg');
    await copyFile(photo, second);
    const secondResult = await waitForResult(live.running, second);

    expect(firstResult.kept).toContain('capture-date');
    expect(firstResult.kept).not.toContain('orientation');
    expect(secondResult.kept).toContain('orientation');
    expect(secondResult.kept).not.toContain('capture-date');
    expect(live.changes).toEqual([{ added: [], removed: [], updated: [home.shots] }]);
  });
});
