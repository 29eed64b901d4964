import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { configSchema, type Config, type ConfigInput } from '../../../src/config/config-schema.js';
import { createDaemon, type Daemon, type DaemonOptions } from '../../../src/daemon/daemon.js';
import type { FolderStateChange, JobResult, QueuedJob } from '../../../src/daemon/daemon-events.js';
import { createFileInspector, type FileInspector } from '../../../src/daemon/file-inspector.js';
import type { WatchFolderOptions } from '../../../src/daemon/watch-folder.js';
import { resolveLocations, type Locations } from '../../../src/shared/paths.js';
import { closeExifTool, isExifToolAvailable } from '../../helpers/exiftool.js';
import { createDirtyJpeg } from '../../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { waitUntil } from '../../helpers/wait.js';

/** How long a test waits for one job or folder event before it fails. */
export const EVENT_TIMEOUT_MS = 20_000;

/** Both chokidar back ends: the native watcher and `fs.stat` polling. */
export const BACKENDS: readonly {
  readonly backend: string;
  readonly watchOptions: Omit<WatchFolderOptions, 'recursive'>;
}[] = [
  { backend: 'native', watchOptions: {} },
  { backend: 'polling', watchOptions: { usePolling: true, pollIntervalMs: 50 } },
];

/** A MetaClear home in a temp folder, with an output inbox and an in-place folder. */
export interface Home {
  readonly root: string;
  readonly locations: Locations;
  /** Watched with mode `output`, publishing to {@link cleaned}. */
  readonly inbox: string;
  readonly cleaned: string;
  /** Watched with mode `in-place`. */
  readonly shots: string;
  readonly vault: string;
  /** Outside every watched folder, for fixtures. */
  readonly sources: string;
}

/** A daemon under test and everything it reported. */
export interface RunningDaemon {
  readonly daemon: Daemon;
  readonly queued: RecordedJob[];
  /** Every job.done, job.failed and job.attention, in order. */
  readonly results: RecordedResult[];
  readonly folderChanges: FolderStateChange[];
  /** How many times the intake read each file's bytes to settle it. */
  readonly contentReads: Map<string, number>;
}

/** A queued job with the time it was queued. */
export type RecordedJob = QueuedJob & {
  /** `Date.now()` when `job.queued` fired. */
  readonly queuedAt: number;
};

/** Files that every test of a real-folder test file may copy, set once `beforeAll` has run. */
export interface RealFolderFixtures {
  /** A JPEG with GPS in a temp folder outside every home, made once. Copy it, never change it. */
  readonly photo: string;
}

const daemons: Daemon[] = [];

/**
 * Registers the hooks a real-folder test file shares: `beforeAll` makes the GPS photo (when
 * ExifTool runs), `afterEach` closes the daemons, and `afterAll` closes ExifTool and removes
 * the temp folders. `tempPrefix` names the photo's temp folder.
 */
export function setUpRealFolderTests(tempPrefix: string): RealFolderFixtures {
  const fixtures = { photo: '' };
  beforeAll(async () => {
    if (!isExifToolAvailable()) {
      return;
    }
    fixtures.photo = path.join(await createTempDir(tempPrefix), 'photo.jpg');
    await createDirtyJpeg(fixtures.photo);
  });
  afterEach(closeDaemons);
  afterAll(async () => {
    await closeExifTool();
    await removeTempDirs();
  });
  return fixtures;
}

/** Creates the folders of a fresh home; the vault is left for the daemon to create. */
export async function createHome(): Promise<Home> {
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

/** Creates a config watching the inbox (output) and Shots (in place); `extra` overrides keys. */
export function createConfig(home: Home, extra: Partial<ConfigInput> = {}): Config {
  return configSchema.parse({
    version: 1,
    folders: [
      { path: home.inbox, mode: 'output', output: home.cleaned },
      { path: home.shots, mode: 'in-place' },
    ],
    originals: { action: 'vault', vault: home.vault },
    settle: { stableMs: 150, incompleteAfterMs: 10_000 },
    ...extra,
  });
}

/**
 * Starts a daemon with the real watcher, intake and commit, records its events, and waits
 * for every folder's initial scan. The intake's reads go through a counting wrapper.
 */
export async function startDaemon(
  home: Home,
  config: Config,
  options: Partial<DaemonOptions> = {},
): Promise<RunningDaemon> {
  const contentReads = new Map<string, number>();
  const inspector = countContentReads(
    options.inspector ?? createFileInspector({ maxFileBytes: config.limits.maxFileBytes }),
    contentReads,
  );
  const daemon = createDaemon({
    config,
    locations: home.locations,
    availabilityIntervalMs: 100,
    ...options,
    inspector,
  });
  daemons.push(daemon);
  const running: RunningDaemon = {
    daemon,
    queued: [],
    results: [],
    folderChanges: [],
    contentReads,
  };
  daemon.on('job.queued', (job) => running.queued.push({ ...job, queuedAt: Date.now() }));
  for (const event of ['job.done', 'job.failed', 'job.attention'] as const) {
    daemon.on(event, (result) => running.results.push({ ...result, event }));
  }
  daemon.on('folder.changed', (change) => running.folderChanges.push(change));
  await daemon.start();
  await daemon.onQuiescent();
  return running;
}

/** Closes every daemon that {@link startDaemon} started. Call it in `afterEach`. */
export async function closeDaemons(): Promise<void> {
  await Promise.all(daemons.splice(0).map((daemon) => daemon.close()));
}

/** A job result with the name of the event that carried it. */
export type RecordedResult = JobResult & { readonly event: string };

/** Waits for the first job result for `input`. */
export function waitForResult(running: RunningDaemon, input: string): Promise<RecordedResult> {
  return waitUntil(() => running.results.find((result) => result.input === input), {
    timeout: EVENT_TIMEOUT_MS,
    description: `a job result for ${path.basename(input)}`,
  });
}

/** Waits until `folder` has been reported in `state`, `count` times in all. */
export function waitForFolderState(
  running: RunningDaemon,
  folder: string,
  state: FolderStateChange['state'],
  count = 1,
): Promise<FolderStateChange> {
  return waitUntil(
    () =>
      running.folderChanges.filter((change) => change.folder === folder && change.state === state)[
        count - 1
      ],
    { timeout: EVENT_TIMEOUT_MS, description: `${path.basename(folder)} ${state} #${count}` },
  );
}

/** Lists every file below `dir`, relative to it and sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Returns the inputs of the recorded results, in order. */
export function listResultInputs(running: RunningDaemon): string[] {
  return running.results.map((result) => result.input);
}

function countContentReads(inspector: FileInspector, reads: Map<string, number>): FileInspector {
  return {
    readSignature: (filePath) => inspector.readSignature(filePath),
    inspectContents: (filePath) => {
      reads.set(filePath, (reads.get(filePath) ?? 0) + 1);
      return inspector.inspectContents(filePath);
    },
  };
}
