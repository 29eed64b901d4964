import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ulid } from 'ulid';
import { processFile, type ProcessFileOptions } from '../commit/process-file.js';
import type { Config, FolderConfig } from '../config/config-schema.js';
import type { Locations } from '../shared/paths.js';
import type { CleanFileReport } from '../shared/report.js';
import type { ImageFormat } from '../strip/strip-result.js';
import { createFailureReport, createFailureReportFromError } from './create-failure-report.js';
import { createProcessFileOptions } from './create-process-file-options.js';
import type { DaemonEventMap, DaemonState, FolderState, JobResult } from './daemon-events.js';
import { createFileInspector, type FileInspector } from './file-inspector.js';
import { isSameSignature, type FileSignature } from './file-signature.js';
import { getExistingFileKey, type FolderRecord } from './folder-records.js';
import { getJobEventName } from './get-job-event-name.js';
import { JobQueue } from './job-queue.js';
import { prepareFolders } from './prepare-folders.js';
import { SettleTracker, type SettledFile } from './settle-tracker.js';
import { validateFolderLayout } from './validate-folder-layout.js';
import {
  watchFolder,
  type FolderWatcher,
  type WatchFolderFunction,
  type WatchFolderOptions,
} from './watch-folder.js';

/** Options for {@link createDaemon}. */
export interface DaemonOptions {
  /** A validated config with absolute paths, as `loadConfig` returns it. */
  readonly config: Config;
  readonly locations: Locations;
  /**
   * The clock for `addedAt` and the vault's dated folders.
   * @default () => new Date()
   */
  readonly now?: () => Date;
  /**
   * Starts watching one folder; tests pass a fake.
   * @default watchFolder
   */
  readonly watchFolder?: WatchFolderFunction;
  /**
   * Watcher settings beyond `recursive`, such as polling.
   * @default {}
   */
  readonly watchOptions?: Omit<WatchFolderOptions, 'recursive'>;
  /**
   * Reads signatures and contents for settling; tests pass an in-memory fake.
   * @default createFileInspector({ maxFileBytes: config.limits.maxFileBytes })
   */
  readonly inspector?: FileInspector;
  /**
   * Cleans one file; tests pass a fake to observe the queue.
   * @default processFile
   */
  readonly processFile?: (options: ProcessFileOptions) => Promise<CleanFileReport>;
}

/**
 * The watching half of MetaClear: it watches the configured folders, settles each new file,
 * and cleans it through the commit module. It reports through typed events and never logs.
 */
export interface Daemon extends EventEmitter<DaemonEventMap> {
  readonly state: DaemonState;
  /**
   * Records newly added folders and starts watching. Resolves when every available folder's
   * initial scan is done. Every call returns the same promise.
   */
  start(): Promise<void>;
  /**
   * Resolves when every watcher is ready, no file is settling and no job is waiting or
   * running, at once if that already holds.
   */
  onQuiescent(): Promise<void>;
  /**
   * Stops watching, drops waiting jobs, and resolves when the running jobs have ended. Files
   * not cleaned yet are picked up at the next start. Every call returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Creates a daemon for a config. Nothing is watched until `start()`.
 *
 * @throws AppError `E_CONFIG_INVALID` when an output folder, the vault and the watched folders
 *   overlap so that the daemon would clean its own output or the originals.
 * @example
 * const daemon = createDaemon({ config, locations });
 * daemon.on('job.done', (result) => show(result));
 * await daemon.start();
 */
export function createDaemon(options: DaemonOptions): Daemon {
  validateFolderLayout(options.config);
  return new FolderDaemon(options);
}

interface WatchedFolder {
  readonly config: FolderConfig;
  /** The real path, set once the folder turned out to be available. */
  root: string | null;
  record: FolderRecord | null;
  watcher: FolderWatcher | null;
  state: FolderState | null;
}

interface PlannedJob {
  readonly jobId: string;
  readonly folder: WatchedFolder;
  readonly root: string;
  readonly input: string;
  readonly format: ImageFormat | null;
  readonly bytes: number | null;
  /** The file is exactly what our own in-place commit wrote, so an `already-clean` is silent. */
  readonly isOwnWrite: boolean;
}

class FolderDaemon extends EventEmitter<DaemonEventMap> implements Daemon {
  readonly #config: Config;
  readonly #locations: Locations;
  readonly #now: () => Date;
  readonly #watchFolder: WatchFolderFunction;
  readonly #watchOptions: Omit<WatchFolderOptions, 'recursive'>;
  readonly #processFile: (options: ProcessFileOptions) => Promise<CleanFileReport>;
  readonly #inspector: FileInspector;
  readonly #folders: readonly WatchedFolder[];
  readonly #tracker: SettleTracker;
  readonly #queue: JobQueue;
  /** Signatures of files our in-place jobs wrote, so the watcher's echo of them stays quiet. */
  readonly #ownWrites = new Map<string, FileSignature>();
  #state: DaemonState = 'stopped';
  #starting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: DaemonOptions) {
    super();
    const { config } = options;
    this.#config = config;
    this.#locations = options.locations;
    this.#now = options.now ?? (() => new Date());
    this.#watchFolder = options.watchFolder ?? watchFolder;
    this.#watchOptions = options.watchOptions ?? {};
    this.#processFile = options.processFile ?? processFile;

    this.#folders = config.folders.map((folder) => ({
      config: folder,
      root: null,
      record: null,
      watcher: null,
      state: null,
    }));

    this.#inspector =
      options.inspector ?? createFileInspector({ maxFileBytes: config.limits.maxFileBytes });
    this.#tracker = new SettleTracker({
      stableMs: config.settle.stableMs,
      incompleteAfterMs: config.settle.incompleteAfterMs,
      inspector: this.#inspector,
    });

    this.#tracker.on('settled', (file) => {
      this.#handleSettled(file);
    });
    this.#tracker.on('incomplete', (filePath) => {
      this.#handleIncomplete(filePath);
    });
    this.#tracker.on('idle', () => {
      this.#refreshState();
    });

    this.#queue = new JobQueue({ concurrency: config.concurrency });
    this.#queue.on('idle', () => {
      this.#refreshState();
    });
    this.#queue.on('error', (error, key) => {
      this.#reportCrashedJob(key, error);
    });
  }

  get state(): DaemonState {
    return this.#state;
  }

  start(): Promise<void> {
    this.#starting ??= this.#startFolders();
    return this.#starting;
  }

  async onQuiescent(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    for (;;) {
      await Promise.all(this.#getWatchers().map((watcher) => watcher.onReady()));
      await this.#tracker.onIdle();
      await this.#queue.onIdle();
      if (this.#isQuiescent()) {
        return;
      }
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #startFolders(): Promise<void> {
    await mkdir(this.#locations.stateDir, { recursive: true, mode: 0o700 });
    const configs = this.#folders.map((folder) => folder.config);
    const prepared = await prepareFolders(configs, this.#locations.stateDir, this.#now());
    if (this.#closing !== undefined) {
      return;
    }
    for (const { config, root, record } of prepared) {
      const folder = this.#folders.find((candidate) => candidate.config === config);
      if (folder === undefined) {
        continue;
      }
      if (root.ok) {
        folder.root = root.root;
        folder.record = record;
        this.#startWatcher(folder, root.root);
      } else {
        // TODO: an unavailable folder is not watched until the next start, even when it appears.
        this.#setFolderState(folder, 'unavailable', root.code, root.reason);
      }
    }
    await Promise.all(
      this.#folders.map(async (folder) => {
        await folder.watcher?.onReady();
        if (folder.watcher?.isReady === true) {
          this.#setFolderState(folder, 'watching', null, null);
        }
      }),
    );
    this.#refreshState();
  }

  #startWatcher(folder: WatchedFolder, root: string): void {
    const watcher = this.#watchFolder(root, {
      ...this.#watchOptions,
      recursive: folder.config.recursive,
    });
    folder.watcher = watcher;
    watcher.on('add', (filePath) => {
      this.#handleFileEvent(filePath);
    });
    watcher.on('change', (filePath) => {
      this.#handleFileEvent(filePath);
    });
    watcher.on('unlink', (filePath) => {
      this.#tracker.forget(filePath);
      this.#ownWrites.delete(filePath);
    });
    watcher.on('error', (error) => {
      const code = getWatchErrorCode(error);
      this.#setFolderState(folder, folder.state ?? 'watching', code, error.message);
    });
  }

  #handleFileEvent(filePath: string): void {
    if (this.#closing !== undefined) {
      return;
    }
    this.#tracker.track(filePath);
    this.#refreshState();
  }

  #handleSettled(file: SettledFile): void {
    const located = this.#locate(file.filePath);
    if (located === null || this.#closing !== undefined) {
      return;
    }
    const { folder, root } = located;
    if (file.signature !== null && isExistingFile(folder, file.signature)) {
      return;
    }
    const ownWrite = this.#ownWrites.get(file.filePath);
    const job: PlannedJob = {
      jobId: ulid(),
      folder,
      root,
      input: file.filePath,
      format: file.format,
      bytes: file.signature?.size ?? null,
      isOwnWrite:
        ownWrite !== undefined &&
        file.signature !== null &&
        isSameSignature(ownWrite, file.signature),
    };
    const outcome = this.#queue.enqueue(file.filePath, () => this.#runJob(job));
    if ((outcome === 'queued' || outcome === 'rerun-after') && !job.isOwnWrite) {
      this.#emitQueued(job);
    }
    this.#refreshState();
  }

  #handleIncomplete(filePath: string): void {
    const located = this.#locate(filePath);
    if (located === null) {
      return;
    }
    const seconds = Math.round(this.#config.settle.incompleteAfterMs / 1000);
    const report = createFailureReport(
      filePath,
      'E_INCOMPLETE',
      `The file stayed incomplete for ${seconds} s after its last change and was left untouched. Copy it again to retry.`,
    );
    this.emit('job.attention', {
      ...report,
      jobId: ulid(),
      folder: located.folder.config.path,
      durationMs: 0,
      format: null,
      bytes: null,
    });
  }

  // TODO: jobs run on the main thread without `limits.jobTimeoutMs`, so a hostile file can stall
  // the watcher until strip and verify move to worker threads.
  async #runJob(job: PlannedJob): Promise<void> {
    const startedAt = performance.now();
    let report: CleanFileReport;
    try {
      const file = {
        config: this.#config,
        folder: job.folder.config,
        root: job.root,
        input: job.input,
      };
      report = await this.#processFile(createProcessFileOptions(file, this.#now()));
    } catch (error) {
      report = createFailureReportFromError(job.input, error);
    }
    const durationMs = Math.round(performance.now() - startedAt);
    await this.#rememberOwnWrite(job, report);
    if (job.isOwnWrite) {
      if (report.status === 'already-clean') {
        return;
      }
      this.#emitQueued(job);
    }
    const result: JobResult = {
      ...report,
      jobId: job.jobId,
      folder: job.folder.config.path,
      durationMs,
      format: job.format,
      bytes: job.bytes,
    };
    this.emit(getJobEventName(report), result);
  }

  /**
   * Records the signature of a file an in-place job just wrote. The watcher reports that write
   * as a change, and the job it starts then confirms `already-clean` without any event.
   */
  async #rememberOwnWrite(job: PlannedJob, report: CleanFileReport): Promise<void> {
    this.#ownWrites.delete(job.input);
    if (report.status !== 'cleaned' || job.folder.config.mode !== 'in-place') {
      return;
    }
    const signature = await this.#inspector.readSignature(job.input).catch(() => null);
    if (signature !== null) {
      this.#ownWrites.set(job.input, signature);
    }
  }

  #emitQueued(job: PlannedJob): void {
    this.emit('job.queued', {
      jobId: job.jobId,
      folder: job.folder.config.path,
      input: job.input,
    });
  }

  #reportCrashedJob(filePath: string, error: unknown): void {
    const located = this.#locate(filePath);
    const report = createFailureReportFromError(filePath, error);
    this.emit('job.failed', {
      ...report,
      jobId: ulid(),
      folder: located?.folder.config.path ?? '',
      durationMs: 0,
      format: null,
      bytes: null,
    });
  }

  async #shutdown(): Promise<void> {
    // Watchers close before start() is awaited, because start() waits for their initial scans.
    const closed = new Set<FolderWatcher>();
    const closeWatchers = (): Promise<unknown> => {
      const open = this.#getWatchers().filter((watcher) => !closed.has(watcher));
      open.forEach((watcher) => closed.add(watcher));
      return Promise.all(open.map((watcher) => watcher.close()));
    };
    await closeWatchers();
    await this.#starting?.catch(() => undefined);
    await closeWatchers();
    this.#tracker.close();
    await this.#queue.close();
    this.#setState('stopped');
  }

  #getWatchers(): FolderWatcher[] {
    return this.#folders.flatMap((folder) => (folder.watcher === null ? [] : [folder.watcher]));
  }

  /** Returns the watched folder that contains `filePath`; folders never overlap. */
  #locate(filePath: string): { folder: WatchedFolder; root: string } | null {
    for (const folder of this.#folders) {
      const root = folder.root;
      if (root !== null && isInside(filePath, root)) {
        return { folder, root };
      }
    }
    return null;
  }

  #isQuiescent(): boolean {
    const areWatchersReady = this.#folders.every(
      (folder) => folder.watcher === null || folder.watcher.isReady || this.#closing !== undefined,
    );
    return areWatchersReady && this.#tracker.pendingCount === 0 && this.#queue.isIdle;
  }

  // TODO: pause and resume (global, per folder, for a while) are not implemented, so the state
  // is never `paused`.
  #refreshState(): void {
    if (this.#starting === undefined || this.#closing !== undefined) {
      return;
    }
    const isBusy = this.#tracker.pendingCount > 0 || !this.#queue.isIdle;
    this.#setState(isBusy ? 'working' : 'idle');
  }

  #setState(state: DaemonState): void {
    const previous = this.#state;
    if (state === previous) {
      return;
    }
    this.#state = state;
    this.emit('state.changed', { state, previous });
  }

  #setFolderState(
    folder: WatchedFolder,
    state: FolderState,
    code: FolderStateChangeCode,
    reason: string | null,
  ): void {
    const previous = folder.state;
    folder.state = state;
    this.emit('folder.changed', { folder: folder.config.path, state, previous, code, reason });
  }
}

type FolderStateChangeCode = DaemonEventMap['folder.changed'][0]['code'];

function isExistingFile(folder: WatchedFolder, signature: FileSignature): boolean {
  return folder.record?.existingFiles.has(getExistingFileKey(signature)) ?? false;
}

function isInside(filePath: string, root: string): boolean {
  return filePath.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

function getWatchErrorCode(error: Error): FolderStateChangeCode {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'E_PERMISSION' : 'E_INTERNAL';
}
