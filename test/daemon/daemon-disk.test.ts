import { copyFile, mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configSchema, type Config, type ConfigInput } from '../../src/config/config-schema.js';
import { createDaemon, type Daemon } from '../../src/daemon/daemon.js';
import type { JobResult, QueuedJob } from '../../src/daemon/daemon-events.js';
import { resolveLocations, type Locations } from '../../src/shared/paths.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { SETTLE_MS, waitUntil } from '../helpers/wait.js';
import { createGpsPhoto, listGpsTags } from './gps-photo.js';

/** Long enough for the settle tracker to check a half-copied file twice between chunks. */
const CHUNK_PAUSE_MS = 400;
const JOB_TIMEOUT_MS = 20_000;

interface RunningDaemon {
  readonly daemon: Daemon;
  readonly queued: (QueuedJob & { readonly at: number })[];
  /** Every job.done, job.failed and job.attention, in order. */
  readonly results: JobResult[];
}

interface Home {
  readonly root: string;
  readonly locations: Locations;
  readonly inbox: string;
  readonly cleaned: string;
  readonly shots: string;
  readonly vault: string;
  /** A folder outside every watched folder, for source files. */
  readonly sources: string;
}

const daemons: Daemon[] = [];

afterEach(async () => {
  await Promise.all(daemons.splice(0).map((daemon) => daemon.close()));
  await removeTempDirs();
});

afterAll(closeExifTool);

async function createHome(): Promise<Home> {
  const root = await createTempDir();
  const home: Home = {
    root,
    locations: resolveLocations({ METACLEAR_HOME: root }),
    inbox: path.join(root, 'To Clean'),
    cleaned: path.join(root, 'Cleaned'),
    shots: path.join(root, 'Shots'),
    vault: path.join(root, 'Originals'),
    sources: path.join(root, 'sources'),
  };
  for (const folder of [home.inbox, home.cleaned, home.shots, home.sources]) {
    await mkdir(folder);
  }
  return home;
}

/** Creates a config with an output inbox and an in-place folder; `extra.folders` replaces them. */
function createConfig(home: Home, extra: Partial<ConfigInput> = {}): Config {
  return configSchema.parse({
    version: 1,
    folders: [
      { path: home.inbox, mode: 'output', output: home.cleaned },
      { path: home.shots, mode: 'in-place' },
    ],
    originals: { action: 'vault', vault: home.vault },
    settle: { stableMs: 150, incompleteAfterMs: 5_000 },
    ...extra,
  });
}

async function startDaemon(home: Home, config: Config): Promise<RunningDaemon> {
  const daemon = createDaemon({ config, locations: home.locations });
  daemons.push(daemon);
  const running: RunningDaemon = { daemon, queued: [], results: [] };
  daemon.on('job.queued', (job) => running.queued.push({ ...job, at: Date.now() }));
  for (const name of ['job.done', 'job.failed', 'job.attention'] as const) {
    daemon.on(name, (result) => running.results.push(result));
  }
  await daemon.start();
  return running;
}

function waitForResult(running: RunningDaemon, input: string): Promise<JobResult> {
  return waitUntil(() => running.results.find((result) => result.input === input), {
    timeout: JOB_TIMEOUT_MS,
    description: `a job result for ${path.basename(input)}`,
  });
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

/** Lists every file below `dir`, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe.skipIf(!isExifToolAvailable())('daemon on a real disk', () => {
  it('cleans a slowly copied photo once', async () => {
    const home = await createHome();
    const source = await createGpsPhoto(home.sources);
    expect(await listGpsTags(source)).not.toEqual([]);
    const running = await startDaemon(home, createConfig(home));
    const input = path.join(home.inbox, 'trip', 'phone.jpg');
    await mkdir(path.dirname(input));

    const copyEndedAt = await copySlowly(source, input, 6);
    const result = await waitForResult(running, input);
    await running.daemon.onQuiescent();

    expect(result.status).toBe('cleaned');
    expect(result.removed).toContain('gps');
    expect(result.format).toBe('jpeg');
    expect(running.queued.map((job) => job.input)).toEqual([input]);
    expect(running.queued[0]?.at).toBeGreaterThanOrEqual(copyEndedAt);
    expect(running.results).toHaveLength(1);
  });

  it('publishes output and vaults the original', async () => {
    const home = await createHome();
    const source = await createGpsPhoto(home.sources);
    const running = await startDaemon(home, createConfig(home));
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
    const running = await startDaemon(home, createConfig(home));
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
    const config = createConfig(home);
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

    const running = await startDaemon(home, createConfig(home));
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
    const config = createConfig(home);
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
    const running = await startDaemon(home, createConfig(home));
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
