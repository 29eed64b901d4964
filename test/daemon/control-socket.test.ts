import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolveLocations } from '../../src/shared/paths.js';
import { readPackageVersion } from '../../src/shared/read-package-version.js';
import {
  connectToDaemon,
  FrameDecoder,
  MAX_FRAME_BYTES,
  type DaemonClient,
  type EventFrame,
} from '../../src/shared/protocol/index.js';
import { reportMissingDependency } from '../helpers/ci.js';
import {
  countLogLines,
  IS_BUILT,
  killDaemons,
  spawnDaemon,
  stopDaemon,
  waitForExit,
  waitForStart,
  writeDaemonConfig,
  type DaemonProcess,
} from '../helpers/daemon-process.js';
import { closeExifTool } from '../helpers/exiftool.js';
import { createCleanJpeg, createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { SETTLE_MS, waitUntil } from '../helpers/wait.js';

if (!IS_BUILT) {
  reportMissingDependency('dist/ (the compiled CLI)', 'Run `npm run build` first.');
}

interface Home {
  readonly home: string;
  readonly inbox: string;
  readonly output: string;
  readonly inPlace: string;
  readonly vault: string;
  readonly socketPath: string;
}

const clients: DaemonClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await killDaemons();
  await removeTempDirs();
});

afterAll(closeExifTool);

interface HomeOptions {
  readonly incompleteAfterMs?: number;
  readonly originals?: 'vault' | 'trash' | 'delete';
}

async function createHome(options: HomeOptions = {}): Promise<Home> {
  const home = await createTempDir('metaclear-control-');
  const dirs = {
    inbox: path.join(home, 'inbox'),
    output: path.join(home, 'output'),
    inPlace: path.join(home, 'in-place'),
    vault: path.join(home, 'vault'),
  };
  for (const dir of Object.values(dirs)) {
    await mkdir(dir, { recursive: true });
  }
  await writeDaemonConfig(home, {
    version: 1,
    folders: [
      { path: dirs.inbox, mode: 'output', output: dirs.output },
      { path: dirs.inPlace, mode: 'in-place' },
    ],
    originals: { action: options.originals ?? 'vault', vault: dirs.vault },
    settle: { stableMs: 50, incompleteAfterMs: options.incompleteAfterMs ?? 600_000 },
  });
  const { socketPath } = resolveLocations({ METACLEAR_HOME: home });
  return { home, ...dirs, socketPath };
}

async function startDaemon(home: Home): Promise<DaemonProcess> {
  const skip = await countLogLines(home.home);
  const daemon = spawnDaemon(home.home);
  await waitForStart(home.home, daemon, { skip });
  return daemon;
}

/**
 * Writes an image with made-up GPS and camera tags outside the watched folders, then moves it
 * to `target`, so the daemon never reads it half written.
 */
async function dropDirtyJpeg(home: Home, target: string): Promise<Buffer> {
  const staging = path.join(home.home, `staging-${path.basename(target)}`);
  await createDirtyJpeg(staging);
  const bytes = await readFile(staging);
  await rename(staging, target);
  return bytes;
}

async function connect(home: Home): Promise<DaemonClient> {
  const client = await connectToDaemon(home.socketPath);
  clients.push(client);
  return client;
}

/** Collects the events of one subscription. */
async function collectEvents(client: DaemonClient): Promise<EventFrame[]> {
  const events: EventFrame[] = [];
  await client.subscribe((event) => events.push(event));
  return events;
}

type EventOf<E extends EventFrame['event']> = Extract<EventFrame, { event: E }>;

function findEvent<E extends EventFrame['event']>(
  events: readonly EventFrame[],
  event: E,
  matches: (frame: EventOf<E>) => boolean = () => true,
): EventOf<E> | undefined {
  const named = events.filter((frame) => frame.event === event) as EventOf<E>[];
  return named.find(matches);
}

/** A socket speaking raw frames, for what the client never sends. */
interface RawConnection {
  send(text: string | Buffer): void;
  next(): Promise<Record<string, unknown>>;
  readonly closed: Promise<void>;
}

function openRaw(socketPath: string): Promise<RawConnection> {
  const socket = net.connect(socketPath);
  const decoder = new FrameDecoder();
  const frames: Record<string, unknown>[] = [];
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      resolve();
    });
  });
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) {
      frames.push(frame.ok ? (frame.value as Record<string, unknown>) : { invalid: true });
    }
  });
  const connection: RawConnection = {
    send: (text) => {
      socket.write(text);
    },
    next: () => waitUntil(() => frames.shift(), { description: 'a frame from the daemon' }),
    closed,
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      resolve(connection);
    });
    socket.once('error', reject);
  });
}

async function openGreeted(socketPath: string): Promise<RawConnection> {
  const raw = await openRaw(socketPath);
  raw.send('{"type":"hello","protocol":1}\n');
  expect(await raw.next()).toMatchObject({ type: 'hello', protocol: 1 });
  return raw;
}

describe('control socket hello', () => {
  it('returns the daemon version', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    expect(client.daemonVersion).toBe(await readPackageVersion());
  });

  it('rejects another protocol version and closes', async () => {
    const home = await createHome();
    await startDaemon(home);
    const raw = await openRaw(home.socketPath);
    raw.send('{"type":"hello","protocol":2}\n');
    const reply = await raw.next();
    expect(reply).toMatchObject({
      type: 'hello',
      ok: false,
      error: { code: 'E_PROTOCOL_VERSION' },
    });
    await raw.closed;
  });

  it('closes after a broken hello', async () => {
    const home = await createHome();
    await startDaemon(home);
    const raw = await openRaw(home.socketPath);
    raw.send('{"type":"status","id":1,"params":{}}\n');
    expect(await raw.next()).toMatchObject({
      type: 'hello',
      ok: false,
      error: { code: 'E_PROTOCOL' },
    });
    await raw.closed;
  });

  it('makes the client fail on a version mismatch', async () => {
    const home = await createHome();
    const server = net.createServer((socket) => {
      socket.resume();
      socket.end(
        '{"type":"hello","ok":false,"error":{"code":"E_PROTOCOL_VERSION","message":"old"}}\n',
      );
    });
    await mkdir(path.dirname(home.socketPath), { recursive: true });
    await new Promise<void>((resolve) => server.listen(home.socketPath, resolve));
    await expect(connectToDaemon(home.socketPath)).rejects.toMatchObject({
      code: 'E_PROTOCOL_VERSION',
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports an absent daemon as unreachable', async () => {
    const home = await createHome();
    await expect(connectToDaemon(home.socketPath)).rejects.toMatchObject({
      code: 'E_DAEMON_UNREACHABLE',
    });
  });
});

describe('control socket frames', () => {
  it('answers malformed frames and keeps the connection', async () => {
    const home = await createHome();
    await startDaemon(home);
    const raw = await openGreeted(home.socketPath);

    raw.send('this is not json\n');
    expect(await raw.next()).toMatchObject({ id: null, ok: false, error: { code: 'E_PROTOCOL' } });
    raw.send('{"type":"format","id":5,"params":{}}\n');
    expect(await raw.next()).toMatchObject({ id: 5, ok: false, error: { code: 'E_PROTOCOL' } });
    raw.send('{"type":"revert","id":6,"params":{"jobId":"nope"}}\n');
    const invalid = await raw.next();
    expect(invalid).toMatchObject({ id: 6, ok: false, error: { code: 'E_PROTOCOL' } });
    expect(JSON.stringify(invalid)).toContain('jobId');
    raw.send('{"type":"status","id":7,"params":{}}\n');
    expect(await raw.next()).toMatchObject({ type: 'reply', id: 7, ok: true });
  });

  it('closes on an oversize frame', async () => {
    const home = await createHome();
    await startDaemon(home);
    const raw = await openGreeted(home.socketPath);
    raw.send(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x61));
    expect(await raw.next()).toMatchObject({ ok: false, error: { code: 'E_FRAME_TOO_LARGE' } });
    await raw.closed;
  });

  it('makes the socket owner-only', async () => {
    const home = await createHome();
    await startDaemon(home);
    const { stat } = await import('node:fs/promises');
    expect((await stat(home.socketPath)).mode & 0o777).toBe(0o600);
  });
});

describe('control socket requests', () => {
  it('returns the status', async () => {
    const home = await createHome();
    await startDaemon(home);
    await dropDirtyJpeg(home, path.join(home.inbox, 'photo.jpg'));
    const client = await connect(home);
    await waitUntil(async () => (await client.request('status')).counts.cleanedToday === 1);

    const status = await client.request('status');
    expect(status.state).toBe('idle');
    expect(status.pid).toBeGreaterThan(0);
    expect(status.paused).toBe(false);
    expect(status.folders.map((folder) => [folder.path, folder.state])).toEqual([
      [home.inbox, 'watching'],
      [home.inPlace, 'watching'],
    ]);
    expect(status.counts).toEqual({ cleanedToday: 1, queued: 0, attention: 0 });
    expect(status.vault.path).toBe(home.vault);
    expect(status.vault.files).toBe(1);
    expect(status.vault.bytes).toBeGreaterThan(0);
  });

  it('counts clean request originals in status', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const before = await client.request('status');
    expect(before.vault.files).toBe(0);
    const outside = path.join(home.home, 'outside');
    await mkdir(outside);
    const photo = path.join(outside, 'photo.jpg');
    await createDirtyJpeg(photo);

    const { files } = await client.request('clean', {
      paths: [photo],
      keep: { orientation: false },
    });

    expect(files[0]?.status).toBe('cleaned');
    expect(files[0]?.original).not.toBeNull();
    const after = await client.request('status');
    expect(after.vault.files).toBe(1);
    expect(after.vault.bytes).toBeGreaterThan(0);
  });

  it('sends job events after subscribe', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    const input = path.join(home.inbox, 'photo.jpg');
    await dropDirtyJpeg(home, input);

    const done = await waitUntil(() => findEvent(events, 'job.done'));
    const queued = findEvent(events, 'job.queued');
    expect(queued?.data.input).toBe(input);
    expect(done.data.jobId).toBe(queued?.data.jobId);
    expect(done.data.status).toBe('cleaned');
    expect(done.data.removed).toContain('gps');
    expect(done.data.output).toBe(path.join(home.output, 'photo.jpg'));
  });

  it('lists recent jobs', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    await dropDirtyJpeg(home, path.join(home.inbox, 'a.jpg'));
    await waitUntil(async () => (await client.request('recent')).jobs[0]?.finishedAt);

    const { jobs } = await client.request('recent', { limit: 10 });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      folder: home.inbox,
      input: path.join(home.inbox, 'a.jpg'),
      output: path.join(home.output, 'a.jpg'),
      status: 'committed',
      result: 'cleaned',
      revertible: true,
    });
    expect(jobs[0]?.original).toContain(home.vault);
    expect(jobs[0]?.removed).toContain('gps');
    const other = await client.request('recent', { folder: home.inPlace });
    expect(other.jobs).toEqual([]);
  });

  it('cleans absolute paths through the commit', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const loose = path.join(home.home, 'loose');
    await mkdir(loose);
    const input = path.join(loose, 'photo.jpg');
    await createDirtyJpeg(input);

    const { files } = await client.request('clean', {
      paths: [input, path.join(loose, 'none.jpg')],
    });
    expect(files[0]).toMatchObject({ input, output: input, status: 'cleaned' });
    expect(files[0]?.removed).toContain('gps');
    expect(files[0]?.original).toContain(home.vault);
    expect(files[1]).toMatchObject({ status: 'failed', code: 'E_NOT_FOUND' });
    const { jobs } = await client.request('recent');
    expect(jobs.map((job) => [job.folder, job.input, job.result])).toEqual([
      [null, path.join(loose, 'none.jpg'), 'failed'],
      [null, input, 'cleaned'],
    ]);
  });

  it('adds, updates and removes folders', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    const screenshots = path.join(home.home, 'screenshots');
    await mkdir(screenshots);

    const added = await client.request('folders.add', { folder: { path: screenshots } });
    expect(added.folder).toMatchObject({ path: screenshots, mode: 'in-place', state: 'watching' });
    const written = JSON.parse(
      await readFile(path.join(home.home, 'config/config.json'), 'utf8'),
    ) as { folders: unknown[] };
    expect(written.folders[2]).toEqual({ path: screenshots, mode: 'in-place' });
    expect(findEvent(events, 'config.changed')?.data.added).toEqual([screenshots]);

    const updated = await client.request('folders.update', {
      path: screenshots,
      changes: { recursive: false },
    });
    expect(updated.folder.recursive).toBe(false);

    const invalid = client.request('folders.update', {
      path: screenshots,
      changes: { mode: 'output' },
    });
    await expect(invalid).rejects.toMatchObject({ code: 'E_CONFIG_INVALID' });
    await expect(invalid).rejects.toThrow('folders[2].output');

    await expect(
      client.request('folders.add', { folder: { path: screenshots } }),
    ).rejects.toMatchObject({ code: 'E_ALREADY_EXISTS' });

    await client.request('folders.remove', { path: screenshots });
    const { folders } = await client.request('folders.list');
    expect(folders.map((folder) => folder.path)).toEqual([home.inbox, home.inPlace]);
    await expect(client.request('folders.remove', { path: screenshots })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });

  it('stops on shutdown', async () => {
    const home = await createHome();
    const daemon = await startDaemon(home);
    const client = await connect(home);
    expect(await client.request('shutdown')).toEqual({ stopping: true });
    expect(await waitForExit(daemon)).toEqual({ code: 0, signal: null });
    expect(existsSync(home.socketPath)).toBe(false);
  });
});

describe('control socket pause', () => {
  it('persists a pause across a restart', async () => {
    const home = await createHome();
    const first = await startDaemon(home);
    let client = await connect(home);
    expect(await client.request('pause')).toEqual({ folder: null, until: null });
    expect((await client.request('status')).state).toBe('paused');
    await client.close();
    await stopDaemon(first);

    await startDaemon(home);
    client = await connect(home);
    const events = await collectEvents(client);
    const status = await client.request('status');
    expect(status.paused).toBe(true);
    expect(status.state).toBe('paused');
    const input = path.join(home.inbox, 'photo.jpg');
    await dropDirtyJpeg(home, input);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    expect(findEvent(events, 'job.done')).toBeUndefined();
    expect(existsSync(input)).toBe(true);

    expect(await client.request('resume')).toEqual({ folder: null, wasPaused: true });
    await waitUntil(() => findEvent(events, 'job.done'));
    expect(existsSync(path.join(home.output, 'photo.jpg'))).toBe(true);
  });

  it('ends a folder pause at its until', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    const until = new Date(Date.now() + 1_500).toISOString();

    await client.request('pause', { folder: home.inPlace, until });
    const paused = (await client.request('folders.list')).folders[1];
    expect(paused).toMatchObject({ state: 'paused', paused: true, pausedUntil: until });
    expect((await client.request('status')).state).toBe('idle');

    await waitUntil(() =>
      findEvent(events, 'folder.changed', (frame) => frame.data.state === 'watching'),
    );
    expect((await client.request('folders.list')).folders[1]?.paused).toBe(false);
  });

  it('rejects an unknown folder', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    await expect(client.request('pause', { folder: '/nowhere' })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });
});

describe('control socket revert', () => {
  it('restores the original bytes in output mode', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    const input = path.join(home.inbox, 'photo.jpg');
    const originalBytes = await dropDirtyJpeg(home, input);
    const done = await waitUntil(() => findEvent(events, 'job.done'));

    const reverted = await client.request('revert', { jobId: done.data.jobId });
    expect(reverted).toEqual({
      jobId: done.data.jobId,
      restored: input,
      removedOutput: path.join(home.output, 'photo.jpg'),
      keptOutput: null,
    });
    expect(await readFile(input)).toEqual(originalBytes);
    expect(existsSync(path.join(home.output, 'photo.jpg'))).toBe(false);
    expect(findEvent(events, 'job.reverted')?.data.restored).toBe(input);

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    expect(await readFile(input)).toEqual(originalBytes);
    const { jobs } = await client.request('recent');
    expect(jobs.map((job) => job.status)).toEqual(['reverted']);
    await expect(client.request('revert', { jobId: done.data.jobId })).rejects.toMatchObject({
      code: 'E_REVERT_UNAVAILABLE',
    });
  });

  it('restores the original bytes in place', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    const input = path.join(home.inPlace, 'photo.jpg');
    const originalBytes = await dropDirtyJpeg(home, input);
    const done = await waitUntil(() => findEvent(events, 'job.done'));
    expect(await readFile(input)).not.toEqual(originalBytes);

    const reverted = await client.request('revert', { jobId: done.data.jobId });
    expect(reverted.restored).toBe(input);
    expect(await readFile(input)).toEqual(originalBytes);
  });

  it('rejects when another file took the path', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    const input = path.join(home.inPlace, 'photo.jpg');
    await dropDirtyJpeg(home, input);
    const done = await waitUntil(() => findEvent(events, 'job.done'));
    await createCleanJpeg(input, { width: 20 });
    const replacement = await readFile(input);

    await expect(client.request('revert', { jobId: done.data.jobId })).rejects.toMatchObject({
      code: 'E_REVERT_CONFLICT',
    });
    expect(await readFile(input)).toEqual(replacement);
  });

  it('is unavailable when originals are deleted', async () => {
    const home = await createHome({ originals: 'delete' });
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    await dropDirtyJpeg(home, path.join(home.inbox, 'photo.jpg'));
    const done = await waitUntil(() => findEvent(events, 'job.done'));
    expect(done.data.original).toBeNull();

    const { jobs } = await client.request('recent');
    expect(jobs[0]?.revertible).toBe(false);
    await expect(client.request('revert', { jobId: done.data.jobId })).rejects.toMatchObject({
      code: 'E_REVERT_UNAVAILABLE',
    });
  });

  it('rejects an unknown job', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const jobId = '01JD0000000000000000000000';
    await expect(client.request('revert', { jobId })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });
});

describe('control socket attention', () => {
  it('keeps a dismissal across a restart', async () => {
    const home = await createHome({ incompleteAfterMs: 300 });
    const first = await startDaemon(home);
    let client = await connect(home);
    let events = await collectEvents(client);
    const input = path.join(home.inbox, 'cut.jpg');
    const staging = path.join(home.home, 'cut.jpg');
    await createDirtyJpeg(staging);
    const bytes = await readFile(staging);
    // Without its end-of-image marker the JPEG never completes.
    await writeFile(input, bytes.subarray(0, bytes.length - 2));

    await waitUntil(() => findEvent(events, 'job.attention'));
    const { entries } = await client.request('attention.list');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ path: input, code: 'E_INCOMPLETE', retryable: true });
    const id = entries[0]?.id ?? '';
    expect((await client.request('status')).counts.attention).toBe(1);

    expect(await client.request('attention.dismiss', { id })).toEqual({ id });
    expect((await client.request('attention.list')).entries).toEqual([]);
    await expect(client.request('attention.dismiss', { id })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    await client.close();
    await stopDaemon(first);

    await startDaemon(home);
    client = await connect(home);
    events = await collectEvents(client);
    expect((await client.request('attention.list')).entries).toEqual([]);
    // The same content again is still dismissed.
    await writeFile(input, bytes.subarray(0, bytes.length - 2));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    expect(findEvent(events, 'job.attention')).toBeUndefined();
  });

  it('retries a file outside the watched folders', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    await mkdir(path.join(home.home, 'loose'));
    const input = path.join(home.home, 'loose', 'notes.jpg');
    await writeFile(input, 'not an image');
    const { files } = await client.request('clean', { paths: [input] });
    expect(files[0]?.status).toBe('unsupported');
    const { entries } = await client.request('attention.list');
    expect(entries.map((entry) => [entry.path, entry.retryable])).toEqual([[input, true]]);

    const retried = await client.request('attention.retry', { id: entries[0]?.id ?? '' });
    expect(retried.path).toBe(input);
    expect(retried.report?.status).toBe('unsupported');
    await expect(client.request('attention.retry', { id: 'f'.repeat(64) })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });

  it('retries a file in a watched folder as a job', async () => {
    const home = await createHome();
    await startDaemon(home);
    const client = await connect(home);
    const events = await collectEvents(client);
    const input = path.join(home.inPlace, 'notes.jpg');
    await writeFile(input, 'not an image');
    await waitUntil(() => findEvent(events, 'job.attention'));
    const { entries } = await client.request('attention.list');
    expect(entries.map((entry) => entry.path)).toEqual([input]);
    events.length = 0;

    const retried = await client.request('attention.retry', { id: entries[0]?.id ?? '' });
    expect(retried).toEqual({ id: entries[0]?.id, path: input, report: null });
    const again = await waitUntil(() => findEvent(events, 'job.attention'));
    expect(again.data).toMatchObject({ input, status: 'unsupported' });
  });
});
