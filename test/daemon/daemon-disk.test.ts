import { copyFile, mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config-schema.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { SETTLE_MS } from '../helpers/wait.js';
import { createGpsPhoto, listGpsTags } from './gps-photo.js';
import {
  closeDaemons,
  createConfig,
  createHome,
  listFiles,
  startDaemon,
  waitForResult,
  type Home,
} from './real-folders/real-folder-harness.js';

/** Long enough for the settle tracker to check a half-copied file twice between chunks. */
const CHUNK_PAUSE_MS = 400;

afterEach(async () => {
  await closeDaemons();
  await removeTempDirs();
});

afterAll(closeExifTool);

/** Creates the harness config with a 5 s limit for a file that stays incomplete. */
function createDiskConfig(home: Home): Config {
  return createConfig(home, { settle: { stableMs: 150, incompleteAfterMs: 5_000 } });
}

/** Copies `source` to `target` in chunks with pauses, and returns when the last byte landed. */
async function copySlowly(source: string, target: string, chunks: number): Promise<number> {
  const bytes = await readFile(source);
  const chunkSize = Math.ceil(bytes.length / chunks);
  const handle = await open(target, 'w');
  try {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      await handle.write(bytes.subarray(offset, offset + chunkSize));
      await handle.sync();
      if (offset + chunkSize < bytes.length) {
        await new Promise((resolve) => setTimeout(resolve, CHUNK_PAUSE_MS));
      }
    }
  } finally {
    await handle.close();
  }
  return Date.now();
}

describe.skipIf(!isExifToolAvailable())('daemon on a real disk', () => {
  it('cleans a slowly copied photo once', async () => {
    const home = await createHome();
    const source = await createGpsPhoto(home.sources);
    expect(await listGpsTags(source)).not.toEqual([]);
    const running = await startDaemon(home, createDiskConfig(home));
    const input = path.join(home.inbox, 'trip', 'phone.jpg');
    await mkdir(path.dirname(input));

    const copyEndedAt = await copySlowly(source, input, 6);
    const result = await waitForResult(running, input);
    await running.daemon.onQuiescent();

    expect(result.status).toBe('cleaned');
    expect(result.removed).toContain('gps');
    expect(result.format).toBe('jpeg');
    expect(running.queued.map((job) => job.input)).toEqual([input]);
    expect(running.queued[0]?.queuedAt).toBeGreaterThanOrEqual(copyEndedAt);
    expect(running.results).toHaveLength(1);
  });

  it('publishes output and vaults the original', async () => {
    const home = await createHome();
    const source = await createGpsPhoto(home.sources);
    const running = await startDaemon(home, createDiskConfig(home));
    const input = path.join(home.inbox, 'trip', 'phone.jpg');
    await mkdir(path.dirname(input));

    await copyFile(source, input);
    const result = await waitForResult(running, input);
    await running.daemon.onQuiescent();

    const output = path.join(home.cleaned, 'trip', 'phone.jpg');
    expect(result.output).toBe(output);
    expect(await listGpsTags(output)).toEqual([]);
    expect(await listFiles(home.inbox)).toEqual([]);
    expect(result.original).not.toBeNull();
    const original = result.original ?? '';
    expect(original.startsWith(home.vault)).toBe(true);
    expect(original.endsWith(path.join('To Clean', 'trip', 'phone.jpg'))).toBe(true);
    expect(await readFile(original)).toEqual(await readFile(source));
  });

  it('cleans in place without a second job', async () => {
    const home = await createHome();
    const source = await createGpsPhoto(home.sources);
    const running = await startDaemon(home, createDiskConfig(home));
    const input = path.join(home.shots, 'phone.jpg');

    await copyFile(source, input);
    const result = await waitForResult(running, input);
    await running.daemon.onQuiescent();
    // The only fixed wait: our own rename must not start another job once its event arrives.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await running.daemon.onQuiescent();

    expect(result.status).toBe('cleaned');
    expect(result.output).toBe(input);
    expect(await listGpsTags(input)).toEqual([]);
    expect(await readFile(result.original ?? '')).toEqual(await readFile(source));
    expect(running.queued).toHaveLength(1);
    expect(running.results).toHaveLength(1);
  });

  it('cleans files dropped while stopped', async () => {
    const home = await createHome();
    const config = createDiskConfig(home);
    const first = await startDaemon(home, config);
    await first.daemon.onQuiescent();
    await first.daemon.close();
    const source = await createGpsPhoto(home.sources);
    const dropped = path.join(home.shots, 'dropped.jpg');
    await copyFile(source, dropped);

    const second = await startDaemon(home, config);
    const result = await waitForResult(second, dropped);

    expect(result.status).toBe('cleaned');
    expect(await listGpsTags(dropped)).toEqual([]);
  });

  it('cleans existing files of output folders', async () => {
    const home = await createHome();
    const source = await createGpsPhoto(home.sources);
    const waiting = path.join(home.inbox, 'waiting.jpg');
    await copyFile(source, waiting);

    const running = await startDaemon(home, createDiskConfig(home));
    const result = await waitForResult(running, waiting);

    expect(result.status).toBe('cleaned');
    expect(await listFiles(home.cleaned)).toEqual(['waiting.jpg']);
  });

  it('leaves old files alone with existing skip', async () => {
    const home = await createHome();
    const source = await createGpsPhoto(home.sources);
    const old = path.join(home.shots, 'old.jpg');
    await copyFile(source, old);
    const oldStats = await stat(old);
    const config = createDiskConfig(home);
    const running = await startDaemon(home, config);
    await running.daemon.onQuiescent();

    const fresh = path.join(home.shots, 'fresh.jpg');
    await copyFile(source, fresh);
    await waitForResult(running, fresh);
    await running.daemon.close();
    const restarted = await startDaemon(home, config);
    await restarted.daemon.onQuiescent();

    expect(running.results.map((result) => result.input)).toEqual([fresh]);
    // The history records the cleaned file, so the restart does not report it again.
    expect(restarted.results).toEqual([]);
    expect(await readFile(old)).toEqual(await readFile(source));
    expect((await stat(old)).ino).toBe(oldStats.ino);
    expect(await listGpsTags(old)).not.toEqual([]);
  });

  it('reports a corrupt file and keeps running', async () => {
    const home = await createHome();
    const png = await sharp({
      create: { width: 8, height: 8, channels: 3, background: '#808080' },
    })
      .png()
      .toBuffer();
    // Flip one byte of IHDR's CRC: the chunk walk still reaches IEND, the stripper rejects it.
    png[29] = (png[29] ?? 0) ^ 0xff;
    const running = await startDaemon(home, createDiskConfig(home));
    const corrupt = path.join(home.inbox, 'corrupt.png');

    await writeFile(corrupt, png);
    const failure = await waitForResult(running, corrupt);
    const photo = path.join(home.inbox, 'after.jpg');
    await copyFile(await createGpsPhoto(home.sources), photo);
    const next = await waitForResult(running, photo);

    expect(failure.status).toBe('failed');
    expect(failure.code).toBe('E_CORRUPT');
    expect(await readFile(corrupt)).toEqual(png);
    expect(next.status).toBe('cleaned');
    expect(running.daemon.state).not.toBe('stopped');
  });
});
