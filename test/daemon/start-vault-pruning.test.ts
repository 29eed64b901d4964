import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryStore } from '../../src/commit/history/history-store.js';
import { openHistory } from '../../src/commit/history/open-history.js';
import { startVaultPruning, type VaultPruning } from '../../src/daemon/start-vault-pruning.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';

const NOW = new Date(2024, 5, 15, 9);
const DAY_MS = 24 * 60 * 60 * 1000;

const cleanups: (() => void)[] = [];

afterEach(async () => {
  vi.useRealTimers();
  cleanups.splice(0).forEach((cleanup) => {
    cleanup();
  });
  await removeTempDirs();
});

interface Setup {
  readonly vaultDir: string;
  readonly history: HistoryStore;
  readonly messages: string[];
  readonly logger: Logger;
}

async function setUp(folders: readonly string[]): Promise<Setup> {
  const root = await createTempDir();
  const vaultDir = path.join(root, 'Originals');
  for (const folder of folders) {
    await mkdir(path.join(vaultDir, folder), { recursive: true });
    await writeFile(path.join(vaultDir, folder, 'a.jpg'), 'original');
  }
  const history = openHistory(path.join(root, 'state'));
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      messages.push(String((JSON.parse(chunk.toString()) as { msg: unknown }).msg));
      callback();
    },
  });
  cleanups.push(() => {
    history.close();
  });
  return { vaultDir, history, messages, logger: pino({ level: 'info' }, stream) };
}

function start(setup: Setup, retentionDays: number | null, now: () => Date): VaultPruning {
  const pruning = startVaultPruning({
    getRetention: () => ({ vaultDir: setup.vaultDir, retentionDays }),
    history: setup.history,
    logger: setup.logger,
    now,
  });
  cleanups.push(() => {
    pruning.stop();
  });
  return pruning;
}

describe('startVaultPruning', () => {
  it('prunes once at start', async () => {
    const setup = await setUp(['2024-01-01', '2024-06-15']);

    await start(setup, 30, () => NOW).onIdle();

    expect(await readdir(setup.vaultDir)).toEqual(['2024-06-15']);
    expect(setup.messages).toEqual(['vault pruned']);
  });

  it('prunes again a day later', async () => {
    const setup = await setUp(['2024-06-15']);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = NOW;
    const pruning = start(setup, 1, () => now);
    await pruning.onIdle();
    const before = await readdir(setup.vaultDir);

    now = new Date(NOW.getTime() + 2 * DAY_MS);
    vi.advanceTimersByTime(DAY_MS);
    await pruning.onIdle();

    expect(before).toEqual(['2024-06-15']);
    expect(await readdir(setup.vaultDir)).toEqual([]);
  });

  it('keeps everything without a retention', async () => {
    const setup = await setUp(['2000-01-01']);

    await start(setup, null, () => NOW).onIdle();

    expect(await readdir(setup.vaultDir)).toEqual(['2000-01-01']);
    expect(setup.messages).toEqual([]);
  });
});
