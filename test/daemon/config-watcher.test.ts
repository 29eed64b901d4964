import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { watchConfigFile, type ConfigWatcher } from '../../src/daemon/config-watcher.js';
import type { AppError } from '../../src/shared/errors.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { SETTLE_MS, waitUntil } from '../helpers/wait.js';

const watchers: ConfigWatcher[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((watcher) => watcher.close()));
  await removeTempDirs();
});

interface Setup {
  readonly configFile: string;
  readonly home: string;
  readonly watcher: ConfigWatcher;
  readonly changes: Config[];
  readonly invalid: AppError[];
}

function createConfigText(concurrency: number, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ version: 1, folders: [], concurrency, ...extra }, null, 2)}\n`;
}

async function startWatching(): Promise<Setup> {
  const home = await createTempDir();
  const configFile = path.join(home, 'config', 'config.json');
  await mkdir(path.dirname(configFile));
  await writeFile(configFile, createConfigText(1));
  const config = parseConfig({ version: 1, folders: [], concurrency: 1 }, home, configFile);
  const watcher = watchConfigFile({ configFile, homeDir: home, config, debounceMs: 50 });
  watchers.push(watcher);
  const changes: Config[] = [];
  const invalid: AppError[] = [];
  watcher.on('change', (next) => changes.push(next));
  watcher.on('invalid', (error) => invalid.push(error));
  return { configFile, home, watcher, changes, invalid };
}

describe('watchConfigFile', () => {
  it('reloads once after a burst of writes', async () => {
    const setup = await startWatching();

    for (const concurrency of [2, 3, 4]) {
      await writeFile(setup.configFile, createConfigText(concurrency));
    }
    await waitUntil(() => setup.changes.length > 0, { description: 'a config change' });
    await setup.watcher.onIdle();

    expect(setup.changes.map((config) => config.concurrency)).toEqual([4]);
    expect(setup.invalid).toEqual([]);
  });

  it('sees an atomic save that replaces the file', async () => {
    const setup = await startWatching();
    const temp = `${setup.configFile}.tmp-123`;

    await writeFile(temp, createConfigText(8));
    await rename(temp, setup.configFile);
    await waitUntil(() => setup.changes.length > 0, { description: 'a config change' });

    expect(setup.changes[0]?.concurrency).toBe(8);
  });

  it('names the invalid key of a rejected edit', async () => {
    const setup = await startWatching();

    await writeFile(setup.configFile, createConfigText(2, { log: { level: 'loud' } }));
    await waitUntil(() => setup.invalid.length > 0, { description: 'an invalid edit' });

    expect(setup.invalid[0]?.code).toBe('E_CONFIG_INVALID');
    expect(setup.invalid[0]?.message).toContain('log.level');
    expect(setup.changes).toEqual([]);
  });

  it('rejects text that is not JSON', async () => {
    const setup = await startWatching();

    await writeFile(setup.configFile, '{ "version": 1,');
    await waitUntil(() => setup.invalid.length > 0, { description: 'an invalid edit' });

    expect(setup.invalid[0]?.code).toBe('E_CONFIG_INVALID');
  });

  it('reports a removed file and applies it once restored', async () => {
    const setup = await startWatching();

    await rm(setup.configFile);
    await waitUntil(() => setup.invalid.length > 0, { description: 'the removal' });
    await writeFile(setup.configFile, createConfigText(5));
    await waitUntil(() => setup.changes.length > 0, { description: 'a config change' });

    expect(setup.invalid[0]?.code).toBe('E_NOT_FOUND');
    expect(setup.changes[0]?.concurrency).toBe(5);
  });

  it('ignores an edit that leaves the config the same', async () => {
    const setup = await startWatching();

    await writeFile(setup.configFile, JSON.stringify({ version: 1, folders: [], concurrency: 1 }));
    // The only fixed wait: the rewrite must not raise an event once it was read.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await setup.watcher.onIdle();

    expect(setup.changes).toEqual([]);
    expect(setup.invalid).toEqual([]);
  });

  it('returns the same promise from every close', async () => {
    const setup = await startWatching();

    const first = setup.watcher.close();

    expect(setup.watcher.close()).toBe(first);
    await first;
  });
});
