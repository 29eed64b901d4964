import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isValid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProcessFileOptions } from '../../src/commit/process-file.js';
import { configSchema, type ConfigInput } from '../../src/config/config-schema.js';
import { createDaemon, type Daemon } from '../../src/daemon/daemon.js';
import type { DaemonEventMap, DaemonEventName, JobResult } from '../../src/daemon/daemon-events.js';
import { openHistory } from '../../src/commit/history/open-history.js';
import { isAppError } from '../../src/shared/errors.js';
import { resolveLocations } from '../../src/shared/paths.js';
import type { CleanFileReport } from '../../src/shared/report.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { FakeFileSystem, FakeFolderWatcher } from './fake-file-system.js';

const STABLE_MS = 150;
const SETTLED_AFTER_MS = 2 * STABLE_MS;
const INCOMPLETE_AFTER_MS = 10_000;
const NOW = new Date('2024-05-01T10:00:00.000Z');

type RecordedEvent = {
  [Name in DaemonEventName]: { name: Name; data: DaemonEventMap[Name][0] };
}[DaemonEventName];

type ProcessFileBehaviour = (options: ProcessFileOptions) => Promise<CleanFileReport>;

interface Harness {
  readonly daemon: Daemon;
  readonly disk: FakeFileSystem;
  readonly inbox: string;
  readonly shots: string;
  readonly stateDir: string;
  readonly watchers: Map<string, FakeFolderWatcher>;
  readonly calls: ProcessFileOptions[];
  readonly events: RecordedEvent[];
  /** Replaces what the fake `processFile` does from now on. */
  setBehaviour(behaviour: ProcessFileBehaviour): void;
  /** Fires an event on the watcher of the folder that contains `filePath`. */
  fire(name: 'add' | 'change' | 'unlink', filePath: string): void;
  eventNames(): DaemonEventName[];
  jobResults(): JobResult[];
}

const daemons: Daemon[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(daemons.splice(0).map((daemon) => daemon.close()));
  await removeTempDirs();
});

function createReport(options: ProcessFileOptions, overrides: Partial<CleanFileReport> = {}) {
  const output = options.publish.mode === 'in-place' ? options.input : options.publish.outputPath;
  return {
    input: options.input,
    output,
    original: path.join(options.originals.vaultDir, options.originals.vaultRelativePath),
    status: 'cleaned',
    removed: ['gps'],
    kept: ['orientation'],
    code: null,
    reason: null,
    ...overrides,
  } satisfies CleanFileReport;
}

/**
 * Starts a daemon on real temp folders with a fake watcher, a fake disk and a fake
 * `processFile`, then switches to fake timers. `Inbox` is an output folder and `Shots` an
 * in-place folder.
 */
async function startHarness(extra: Partial<ConfigInput> = {}): Promise<Harness> {
  const home = await createTempDir();
  const locations = resolveLocations({ METACLEAR_HOME: home });
  const inbox = path.join(home, 'Inbox');
  const shots = path.join(home, 'Shots');
  await mkdir(inbox);
  await mkdir(shots);

  const config = configSchema.parse({
    version: 1,
    folders: [
      { path: inbox, mode: 'output', output: path.join(home, 'Cleaned') },
      { path: shots, mode: 'in-place' },
    ],
    originals: { vault: path.join(home, 'Originals') },
    settle: { stableMs: STABLE_MS, incompleteAfterMs: INCOMPLETE_AFTER_MS },
    concurrency: 1,
    ...extra,
  });

  const disk = new FakeFileSystem();
  const watchers = new Map<string, FakeFolderWatcher>();
  const calls: ProcessFileOptions[] = [];
  let behaviour: ProcessFileBehaviour = (options) => Promise.resolve(createReport(options));
  const daemon = createDaemon({
    config,
    locations,
    now: () => NOW,
    inspector: disk,
    watchFolder: (root, options) => {
      const watcher = new FakeFolderWatcher(root, options);
      watchers.set(root, watcher);
      queueMicrotask(() => {
        watcher.becomeReady();
      });
      return watcher;
    },
    processFile: (options) => {
      calls.push(options);
      return behaviour(options);
    },
  });
  daemons.push(daemon);

  const events: RecordedEvent[] = [];
  daemon.on('job.queued', (data) => events.push({ name: 'job.queued', data }));
  daemon.on('job.done', (data) => events.push({ name: 'job.done', data }));
  daemon.on('job.failed', (data) => events.push({ name: 'job.failed', data }));
  daemon.on('job.attention', (data) => events.push({ name: 'job.attention', data }));
  daemon.on('state.changed', (data) => events.push({ name: 'state.changed', data }));
  daemon.on('folder.changed', (data) => events.push({ name: 'folder.changed', data }));
  await daemon.start();
  vi.useFakeTimers();

  return {
    daemon,
    disk,
    inbox,
    shots,
    stateDir: locations.stateDir,
    watchers,
    calls,
    events,
    setBehaviour: (next) => {
      behaviour = next;
    },
    fire: (name, filePath) => {
      const root = [...watchers.keys()].find((key) => filePath.startsWith(`${key}/`));
      const watcher = root === undefined ? undefined : watchers.get(root);
      if (watcher === undefined) {
        throw new Error(`no watcher contains ${filePath}`);
      }
      watcher.emit(name, filePath);
    },
    eventNames: () =>
      events
        .map((event) => event.name)
        .filter((name) => name !== 'state.changed' && name !== 'folder.changed'),
    jobResults: () =>
      events.flatMap((event) =>
        event.name === 'job.done' || event.name === 'job.failed' || event.name === 'job.attention'
          ? [event.data]
          : [],
      ),
  };
}

/** A promise with its resolve function, for a `processFile` the test finishes by hand. */
function createDeferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('createDaemon', () => {
  it('cleans a settled file once', async () => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'trip', 'a.jpg');
    harness.disk.write(photo, { size: 4096 });
    let eventsAtStart: DaemonEventName[] = [];
    harness.setBehaviour((options) => {
      eventsAtStart = harness.eventNames();
      return Promise.resolve(createReport(options));
    });

    harness.fire('add', photo);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    expect(harness.calls).toHaveLength(1);
    expect(harness.calls[0]?.publish).toEqual({
      mode: 'output',
      outputPath: path.join(path.dirname(harness.inbox), 'Cleaned', 'trip', 'a.jpg'),
    });
    expect(harness.calls[0]?.originals.vaultRelativePath).toBe(path.join('Inbox', 'trip', 'a.jpg'));
    expect(harness.calls[0]?.now).toEqual(NOW);
    expect(eventsAtStart).toEqual(['job.queued']);
    expect(harness.eventNames()).toEqual(['job.queued', 'job.done']);
    const [queued, done] = harness.events.filter((event) => event.name.startsWith('job.'));
    const result = harness.jobResults()[0];
    expect(result).toMatchObject({
      input: photo,
      status: 'cleaned',
      folder: harness.inbox,
      format: 'jpeg',
      bytes: 4096,
      removed: ['gps'],
    });
    expect(isValid(result?.jobId ?? '')).toBe(true);
    expect(queued?.data).toEqual({ jobId: result?.jobId, folder: harness.inbox, input: photo });
    expect(done?.name).toBe('job.done');
  });

  it('does not start a job before the file settles', async () => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'a.jpg');
    harness.disk.write(photo, { size: 1000 });

    harness.fire('add', photo);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS - 1);

    expect(harness.calls).toHaveLength(0);
    expect(harness.daemon.state).toBe('working');
  });

  it('merges events for a settling file into one job', async () => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'a.jpg');
    harness.disk.write(photo, { size: 1000 });
    harness.fire('add', photo);
    for (let size = 2000; size <= 5000; size += 1000) {
      await vi.advanceTimersByTimeAsync(STABLE_MS - 1);
      harness.disk.write(photo, { size });
      harness.fire('change', photo);
    }

    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    expect(harness.calls).toHaveLength(1);
    expect(harness.jobResults().map((result) => result.bytes)).toEqual([5000]);
  });

  it('reruns a file that changed during its job', async () => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'a.jpg');
    const firstRun = createDeferred<CleanFileReport>();
    harness.setBehaviour(() => firstRun.promise);
    harness.disk.write(photo, { size: 1000 });
    harness.fire('add', photo);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    expect(harness.calls).toHaveLength(1);

    harness.disk.write(photo, { size: 2000 });
    harness.fire('change', photo);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    expect(harness.calls).toHaveLength(1);

    harness.setBehaviour((options) => Promise.resolve(createReport(options)));
    const firstOptions = harness.calls[0];
    if (firstOptions === undefined) {
      throw new Error('the first job did not start');
    }
    firstRun.resolve(createReport(firstOptions, { status: 'failed', code: 'E_SOURCE_CHANGED' }));
    await harness.daemon.onQuiescent();

    expect(harness.calls).toHaveLength(2);
    expect(harness.jobResults().map((result) => result.status)).toEqual(['failed', 'cleaned']);
  });

  it('sends a file that stays incomplete to attention', async () => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'a.jpg');
    harness.disk.write(photo, { size: 1000, complete: false });
    harness.fire('add', photo);

    await vi.advanceTimersByTimeAsync(INCOMPLETE_AFTER_MS + SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    expect(harness.calls).toHaveLength(0);
    expect(harness.eventNames()).toEqual(['job.attention']);
    expect(harness.jobResults()[0]).toMatchObject({
      input: photo,
      status: 'failed',
      code: 'E_INCOMPLETE',
      folder: harness.inbox,
    });
  });

  it('cancels settling for a deleted file', async () => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'a.jpg');
    harness.disk.write(photo, { size: 1000 });
    harness.fire('add', photo);
    await vi.advanceTimersByTimeAsync(STABLE_MS);

    harness.disk.remove(photo);
    harness.fire('unlink', photo);
    await vi.advanceTimersByTimeAsync(10 * STABLE_MS);
    await harness.daemon.onQuiescent();

    expect(harness.calls).toHaveLength(0);
    expect(harness.eventNames()).toEqual([]);
  });

  it.each([
    { code: 'E_WRITE_FAILED', status: 'failed', event: 'job.failed' },
    { code: 'E_CORRUPT', status: 'failed', event: 'job.attention' },
    { code: 'E_TRUNCATED', status: 'failed', event: 'job.attention' },
    { code: 'E_VERIFY_STRUCTURE', status: 'failed', event: 'job.attention' },
    { code: 'E_VERIFY_READER', status: 'failed', event: 'job.attention' },
    { code: 'E_UNSUPPORTED_FORMAT', status: 'unsupported', event: 'job.attention' },
  ] as const)('reports $code as $event', async ({ code, status, event }) => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'a.jpg');
    harness.setBehaviour((options) =>
      Promise.resolve(createReport(options, { status, code, reason: 'test failure', removed: [] })),
    );
    harness.disk.write(photo, { size: 1000 });
    harness.fire('add', photo);

    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    expect(harness.eventNames()).toEqual(['job.queued', event]);
    expect(harness.jobResults()[0]?.code).toBe(code);
  });

  it('reports a crashing job as failed', async () => {
    const harness = await startHarness();
    const broken = path.join(harness.inbox, 'broken.jpg');
    const photo = path.join(harness.inbox, 'photo.jpg');
    harness.setBehaviour((options) =>
      options.input === broken
        ? Promise.reject(new Error('unexpected'))
        : Promise.resolve(createReport(options)),
    );
    harness.disk.write(broken, { size: 1000 });
    harness.disk.write(photo, { size: 1000 });
    harness.fire('add', broken);
    harness.fire('add', photo);

    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    const results = harness.jobResults();
    expect(results.map((result) => [result.input, result.status, result.code])).toEqual([
      [broken, 'failed', 'E_INTERNAL'],
      [photo, 'cleaned', null],
    ]);
  });

  it('keeps its own write quiet', async () => {
    const harness = await startHarness();
    const shot = path.join(harness.shots, 'shot.png');
    harness.setBehaviour((options) => {
      harness.disk.write(options.input, { size: 900, format: 'png' });
      return Promise.resolve(createReport(options));
    });
    harness.disk.write(shot, { size: 1000, format: 'png' });
    harness.fire('add', shot);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();
    expect(harness.calls[0]?.publish).toEqual({ mode: 'in-place' });

    harness.setBehaviour((options) =>
      Promise.resolve(createReport(options, { status: 'already-clean', removed: [] })),
    );
    harness.fire('change', shot);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    expect(harness.calls).toHaveLength(1);
    expect(harness.eventNames()).toEqual(['job.queued', 'job.done']);
  });

  it('cleans a later edit again', async () => {
    const harness = await startHarness();
    const shot = path.join(harness.shots, 'shot.png');
    harness.setBehaviour((options) => {
      harness.disk.write(options.input, { size: 900, format: 'png' });
      return Promise.resolve(createReport(options));
    });
    harness.disk.write(shot, { size: 1000, format: 'png' });
    harness.fire('add', shot);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    harness.disk.write(shot, { size: 1200, format: 'png' });
    harness.fire('change', shot);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();

    expect(harness.eventNames()).toEqual(['job.queued', 'job.done', 'job.queued', 'job.done']);
  });

  it('finishes the running job on close', async () => {
    const harness = await startHarness();
    const first = path.join(harness.inbox, 'first.jpg');
    const second = path.join(harness.inbox, 'second.jpg');
    const firstRun = createDeferred<CleanFileReport>();
    harness.setBehaviour(() => firstRun.promise);
    harness.disk.write(first, { size: 1000 });
    harness.disk.write(second, { size: 1000 });
    harness.fire('add', first);
    harness.fire('add', second);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    expect(harness.calls).toHaveLength(1);

    let isClosed = false;
    const closing = harness.daemon.close().then(() => {
      isClosed = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(isClosed).toBe(false);
    const firstOptions = harness.calls[0];
    if (firstOptions === undefined) {
      throw new Error('the first job did not start');
    }
    firstRun.resolve(createReport(firstOptions));
    await closing;

    expect(harness.calls.map((options) => options.input)).toEqual([first]);
    expect(harness.jobResults().map((result) => result.input)).toEqual([first]);
    expect(harness.daemon.state).toBe('stopped');
    expect([...harness.watchers.values()].map((watcher) => watcher.closeCalls)).toEqual([1, 1]);
    expect(harness.daemon.close()).toBe(harness.daemon.close());
  });

  it('reports state changes in order', async () => {
    const harness = await startHarness();
    const photo = path.join(harness.inbox, 'a.jpg');
    harness.disk.write(photo, { size: 1000 });
    harness.fire('add', photo);
    await vi.advanceTimersByTimeAsync(SETTLED_AFTER_MS);
    await harness.daemon.onQuiescent();
    await harness.daemon.close();

    const states = harness.events.flatMap((event) =>
      event.name === 'state.changed' ? [event.data.state] : [],
    );
    expect(states).toEqual(['idle', 'working', 'idle', 'stopped']);
    const folders = harness.events.flatMap((event) =>
      event.name === 'folder.changed' ? [[event.data.folder, event.data.state]] : [],
    );
    expect(folders).toEqual([
      [harness.inbox, 'watching'],
      [harness.shots, 'watching'],
    ]);
  });

  it('resolves onQuiescent at once when idle', async () => {
    const harness = await startHarness();

    await expect(harness.daemon.onQuiescent()).resolves.toBeUndefined();
  });

  it('records when each folder was added', async () => {
    const harness = await startHarness();

    const history = openHistory(harness.stateDir);
    const records = [history.folders.get(harness.inbox), history.folders.get(harness.shots)];
    history.close();

    expect(records).toEqual([
      { addedAt: NOW.toISOString(), presentFiles: [] },
      { addedAt: NOW.toISOString(), presentFiles: [] },
    ]);
  });

  it('marks a missing folder unavailable', async () => {
    const home = await createTempDir();
    const missing = path.join(home, 'Gone');
    const harness = await startHarness({
      folders: [{ path: missing, mode: 'in-place' }],
    });

    const folderEvents = harness.events.flatMap((event) =>
      event.name === 'folder.changed' ? [event.data] : [],
    );
    expect(folderEvents.map((change) => [change.folder, change.state, change.code])).toEqual([
      [missing, 'unavailable', 'E_NOT_FOUND'],
    ]);
    expect(folderEvents[0]?.reason).toContain(missing);
    expect(harness.watchers.size).toBe(0);
    expect(harness.daemon.state).toBe('attention');
  });

  it('rejects an output folder inside a watched folder', async () => {
    const home = await createTempDir();
    const config = configSchema.parse({
      version: 1,
      folders: [
        { path: path.join(home, 'Inbox'), mode: 'output', output: path.join(home, 'Shots', 'out') },
        { path: path.join(home, 'Shots'), mode: 'in-place' },
      ],
      originals: { vault: path.join(home, 'Originals') },
    });

    let caught: unknown;
    try {
      createDaemon({ config, locations: resolveLocations({ METACLEAR_HOME: home }) });
    } catch (error) {
      caught = error;
    }

    expect(isAppError(caught)).toBe(true);
    expect(isAppError(caught) ? caught.code : null).toBe('E_CONFIG_INVALID');
  });
});
