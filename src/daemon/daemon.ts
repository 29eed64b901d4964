import { EventEmitter } from 'node:events';
import { lstat, mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { ulid } from 'ulid';
import type { CommitStepHook } from '../commit/commit-steps.js';
import { hashFile } from '../commit/hash-file.js';
import type { PresentFile } from '../commit/history/folder-store.js';
import type { HistoryStore } from '../commit/history/history-store.js';
import type { PauseRecord } from '../commit/history/pause-store.js';
import { openHistory } from '../commit/history/open-history.js';
import { processFile, type ProcessFileOptions } from '../commit/process-file.js';
import type { Config, FolderConfig } from '../config/config-schema.js';
import { AppError } from '../shared/errors.js';
import type { Locations } from '../shared/paths.js';
import type { CleanFileReport } from '../shared/report.js';
import type { KeepOverrides } from '../strip/keep-policy.js';
import type { ImageFormat } from '../strip/strip-result.js';
import { createCleanRequestOptions } from './create-clean-request-options.js';
import { createFailureReport, createFailureReportFromError } from './create-failure-report.js';
import { createProcessFileOptions } from './create-process-file-options.js';
import type { DaemonEventMap, DaemonState, FolderState, JobResult } from './daemon-events.js';
import { createFileInspector, type FileInspector } from './file-inspector.js';
import { isMissingPathError, isSameSignature, type FileSignature } from './file-signature.js';
import { FolderAvailability } from './folder-availability.js';
import type { FolderRecord } from './folder-records.js';
import { getJobEventName } from './get-job-event-name.js';
import { JobQueue } from './job-queue.js';
import { KnownFileSet, toFileStatsLike, type KnownCleanFiles } from './known-clean-files.js';
import { limitContentReads } from './limit-content-reads.js';
import { PauseController } from './pause-controller.js';
import { planFolderChanges } from './plan-folder-changes.js';
import { prepareFolders } from './prepare-folders.js';
import { recordJobEnd, recordJobStart, reportAttention } from './record-job.js';
import { resolveExcludedPaths } from './resolve-excluded-paths.js';
import type { FolderRoot } from './resolve-folder-root.js';
import { revertJob, type RevertOutcome } from './revert-job.js';
import { screenFile } from './screen-file.js';
import { SettleTracker, type SettledFile } from './settle-tracker.js';
import { validateFolderLayout } from './validate-folder-layout.js';
import {
  watchFolder,
  type FolderWatcher,
  type WatchFolderFunction,
  type WatchFolderOptions,
} from './watch-folder.js';
import { watchSubfoldersInTurn } from './watch-subfolders-in-turn.js';
import { WorkerPool } from './worker-pool.js';

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
   * @default watchSubfoldersInTurn(watchFolder)
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
  /**
   * The worker entry that strips and verifies files; tests pass one that hangs or crashes.
   * Unused with a custom `processFile`.
   * @default the compiled `clean-worker.js`
   */
  readonly cleanWorkerUrl?: URL;
  /**
   * More files that are neither watched one by one nor read again. The daemon itself records
   * the files it handles in the history, and loads them at `start()`.
   * @default none beyond the history's
   */
  readonly knownCleanFiles?: KnownCleanFiles;
  /**
   * Milliseconds between checks that each watched folder still exists, or is back.
   * @default 10_000
   */
  readonly availabilityIntervalMs?: number;
  /**
   * The history that journals each commit and records jobs and folders. The daemon closes it
   * only when it opened it itself.
   * @default openHistory(locations.stateDir), opened at `start()`
   */
  readonly history?: HistoryStore;
  /**
   * Called at each named step of every commit; the crash tests kill the process there.
   * @default does nothing
   */
  readonly onCommitStep?: CommitStepHook;
}

/**
 * The watching half of MetaClear: it watches the configured folders, settles each new file,
 * and cleans it through the commit module. It reports through typed events and never logs.
 */
export interface Daemon extends EventEmitter<DaemonEventMap> {
  readonly state: DaemonState;
  /** The config in force. */
  readonly config: Config;
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
   * Applies an edited config without a restart. Added folders start watching, removed ones
   * stop, and a folder whose `recursive` changed is watched again, as are all folders when
   * the vault or an output folder moved. Keep rules, originals and limits apply from the next
   * job, and the settle durations from the next file that changes. Resolves, after
   * `config.changed`, once every folder it started has finished its initial scan.
   *
   * @throws AppError `E_CONFIG_INVALID` when folders overlap; the config in force then stays.
   */
  // TODO: `concurrency` and the inspector's `limits.maxFileBytes` take effect only at restart.
  applyConfig(config: Config): Promise<void>;
  /** Files settling, waiting for a slot, being cleaned, or held by a pause. */
  readonly pendingCount: number;
  /** Returns each watched folder with its live state. */
  listFolders(): FolderSnapshot[];
  /**
   * Pauses one watched folder, or everything with null, until `until` or until resumed. Files
   * that settle meanwhile wait, and running jobs finish. The pause is stored in the history,
   * so it survives a restart.
   *
   * @throws AppError `E_NOT_FOUND` when `folder` is not a watched folder.
   */
  pause(folder: string | null, until: Date | null): PauseRecord;
  /**
   * Ends a pause and settles the files that waited. Returns false when it was not paused.
   *
   * @throws AppError `E_NOT_FOUND` when `folder` is not a watched folder.
   */
  resume(folder: string | null): boolean;
  /** Returns the pause of one folder (its own, not the global one), or the global pause. */
  getPause(folder: string | null): PauseRecord | null;
  /**
   * Cleans files in place with the top-level `keep` and `keep` over it, as `metaclear clean`
   * does, through the worker pool and the journaled commit. Each file is recorded in the history, outside any
   * watched folder.
   */
  cleanFiles(paths: readonly string[], keep?: KeepOverrides): Promise<CleanFileReport[]>;
  /**
   * Cleans a file that needed attention again: a file in a watched folder settles and runs as
   * a job of that folder, and resolves null; any other file is cleaned as by
   * {@link cleanFiles}, and resolves with its report.
   */
  retryFile(filePath: string): Promise<CleanFileReport | null>;
  /**
   * Restores the original of a cleaned file from the vault and emits `job.reverted`. The
   * restored file is not cleaned again.
   *
   * @throws AppError as `revertJob` does.
   */
  revert(jobId: string): Promise<RevertOutcome>;
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

/** One watched folder and its live state. */
export interface FolderSnapshot {
  readonly config: FolderConfig;
  /** Null until the folder was first checked. */
  readonly state: FolderState | null;
  readonly code: FolderStateChangeCode;
  readonly reason: string | null;
}

interface WatchedFolder {
  config: FolderConfig;
  code: FolderStateChangeCode;
  reason: string | null;
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
  /** The version that settled, or null when it could not be examined. */
  readonly signature: FileSignature | null;
  /** The file is exactly what our own in-place commit wrote, so an `already-clean` is silent. */
  readonly isOwnWrite: boolean;
}

class FolderDaemon extends EventEmitter<DaemonEventMap> implements Daemon {
  #config: Config;
  readonly #locations: Locations;
  readonly #now: () => Date;
  readonly #watchFolder: WatchFolderFunction;
  readonly #watchOptions: Omit<WatchFolderOptions, 'recursive'>;
  readonly #processFile: (options: ProcessFileOptions) => Promise<CleanFileReport>;
  readonly #inspector: FileInspector;
  /** Strips and verifies off the main thread; null when a custom `processFile` is used. */
  readonly #pool: WorkerPool | null;
  readonly #folders: WatchedFolder[];
  readonly #tracker: SettleTracker;
  readonly #queue: JobQueue;
  /**
   * Files handled by this run and, once started, by earlier runs (from the history), and those
   * present when a folder was added with `existing: skip`.
   */
  readonly #knownFiles = new KnownFileSet();
  /** {@link #knownFiles} together with the `knownCleanFiles` option's files. */
  readonly #knownCleanFiles: KnownCleanFiles;
  readonly #availability: FolderAvailability;
  /** The vault and the output folders, which no watcher reports files from. */
  #excludedPaths: readonly string[] = [];
  /** The job each settled file runs next, by path. A later settle replaces it and keeps its id. */
  readonly #plannedJobs = new Map<string, PlannedJob>();
  /** Ids of announced jobs put back because their file changed again before they started. */
  readonly #deferredJobIds = new Map<string, string>();
  /** Folder starts, stops and config changes, run one at a time. */
  #folderWork: Promise<void> = Promise.resolve();
  /** Signatures of files our in-place jobs wrote, so the watcher's echo of them stays quiet. */
  readonly #ownWrites = new Map<string, FileSignature>();
  #state: DaemonState = 'stopped';
  #starting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  readonly #historyOption: HistoryStore | undefined;
  #history: HistoryStore | undefined;
  readonly #onCommitStep: CommitStepHook | undefined;
  #pauses: PauseController | undefined;
  /** Files to settle and clean again although this run handled them already. */
  readonly #retrying = new Set<string>();
  /** Incomplete files being listed as needing attention, before their event. */
  readonly #attentionReports = new Set<Promise<void>>();
  /** Files that settled in a paused folder, settled again when it resumes. */
  readonly #heldFiles = new Set<string>();

  constructor(options: DaemonOptions) {
    super();
    const { config } = options;
    this.#config = config;
    this.#locations = options.locations;
    this.#historyOption = options.history;
    this.#onCommitStep = options.onCommitStep;
    this.#now = options.now ?? (() => new Date());
    this.#watchFolder = options.watchFolder ?? watchSubfoldersInTurn(watchFolder);
    this.#watchOptions = options.watchOptions ?? {};
    this.#processFile = options.processFile ?? processFile;
    const history = options.knownCleanFiles;
    this.#knownCleanFiles = {
      has: (filePath, stats) =>
        this.#knownFiles.has(filePath, stats) || (history?.has(filePath, stats) ?? false),
    };
    this.#availability = new FolderAvailability(
      options.availabilityIntervalMs === undefined
        ? {}
        : { intervalMs: options.availabilityIntervalMs },
    );
    this.#availability.on('change', (folderPath, root) => {
      void this.#queueFolderWork(() => this.#handleAvailabilityChange(folderPath, root));
    });
    this.#pool =
      options.processFile === undefined
        ? new WorkerPool({
            // Stripping uses the CPU, so workers beyond the cores only cost memory (30 MB or
            // more each). The queue still runs `concurrency` jobs, whose reads and commits wait
            // on the disk while another job's file is in a worker.
            size: Math.min(config.concurrency, availableParallelism()),
            jobTimeoutMs: config.limits.jobTimeoutMs,
            ...(options.cleanWorkerUrl === undefined ? {} : { workerUrl: options.cleanWorkerUrl }),
          })
        : null;

    this.#folders = config.folders.map((folder) => ({
      config: folder,
      root: null,
      record: null,
      watcher: null,
      state: null,
      code: null,
      reason: null,
    }));

    // No more files are read for settling at once than are cleaned at once.
    this.#inspector = limitContentReads(
      options.inspector ?? createFileInspector({ maxFileBytes: config.limits.maxFileBytes }),
      config.concurrency,
    );
    this.#tracker = new SettleTracker({
      stableMs: config.settle.stableMs,
      incompleteAfterMs: config.settle.incompleteAfterMs,
      inspector: this.#inspector,
      admit: (filePath, signature) => this.#admitFile(filePath, signature),
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

  get config(): Config {
    return this.#config;
  }

  start(): Promise<void> {
    this.#starting ??= this.#queueFolderWork(() => this.#startFolders());
    return this.#starting;
  }

  async onQuiescent(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    for (;;) {
      await this.#folderWork;
      await Promise.all(this.#getWatchers().map((watcher) => watcher.onReady()));
      await this.#tracker.onIdle();
      await this.#queue.onIdle();
      await Promise.all(this.#attentionReports);
      if (this.#isQuiescent()) {
        return;
      }
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  applyConfig(config: Config): Promise<void> {
    validateFolderLayout(config);
    return this.#queueFolderWork(() => this.#applyConfig(config));
  }

  get pendingCount(): number {
    const queued = this.#queue.waitingCount + this.#queue.runningCount;
    return this.#tracker.pendingCount + queued + this.#heldFiles.size;
  }

  listFolders(): FolderSnapshot[] {
    return this.#folders.map(({ config, state, code, reason }) => ({
      config,
      state,
      code,
      reason,
    }));
  }

  pause(folder: string | null, until: Date | null): PauseRecord {
    this.#assertWatched(folder);
    return this.#getPauses().pause(folder, until);
  }

  resume(folder: string | null): boolean {
    this.#assertWatched(folder);
    return this.#getPauses().resume(folder);
  }

  getPause(folder: string | null): PauseRecord | null {
    const pauses = this.#getPauses();
    return folder === null ? pauses.global : pauses.getFolderPause(folder);
  }

  async cleanFiles(paths: readonly string[], keep: KeepOverrides = {}): Promise<CleanFileReport[]> {
    // One file at a time, so a large request does not hold many files in memory at once.
    const reports: CleanFileReport[] = [];
    for (const input of paths) {
      reports.push(await this.#cleanRequestedFile(input, keep));
    }
    return reports;
  }

  async retryFile(filePath: string): Promise<CleanFileReport | null> {
    if (this.#locate(filePath) === null) {
      const [report] = await this.cleanFiles([filePath]);
      return report ?? null;
    }
    this.#retrying.add(filePath);
    this.#tracker.track(filePath);
    this.#refreshState();
    return null;
  }

  async revert(jobId: string): Promise<RevertOutcome> {
    const outcome = await revertJob({
      history: this.#getHistory(),
      jobId,
      now: this.#now(),
      onRestored: async (filePath) => {
        const signature = await this.#inspector.readSignature(filePath).catch(() => null);
        if (signature !== null) {
          this.#knownFiles.add(signature);
        }
      },
    });
    this.emit('job.reverted', outcome);
    return outcome;
  }

  /** @throws AppError `E_NOT_FOUND` when `folder` is neither null nor a watched folder. */
  #assertWatched(folder: string | null): void {
    if (folder !== null && !this.#folders.some((watched) => watched.config.path === folder)) {
      throw new AppError(
        'E_NOT_FOUND',
        `${folder} is not a watched folder; see 'metaclear folders' for the list.`,
        { path: folder },
      );
    }
  }

  /** Loads the stored pauses at the first use. */
  #getPauses(): PauseController {
    if (this.#pauses === undefined) {
      const pauses = new PauseController(this.#getHistory().pauses, this.#now);
      pauses.on('change', () => {
        this.#applyPauses();
      });
      this.#pauses = pauses;
    }
    return this.#pauses;
  }

  /** Shows each folder as paused or watching, and settles the files a resumed folder held. */
  #applyPauses(): void {
    const pauses = this.#getPauses();
    for (const folder of this.#folders) {
      const isPaused = pauses.isPaused(folder.config.path);
      if (isPaused && folder.state === 'watching') {
        this.#setFolderState(folder, 'paused', null, null);
      } else if (!isPaused && folder.state === 'paused') {
        this.#setFolderState(folder, 'watching', null, null);
      }
    }
    for (const filePath of [...this.#heldFiles]) {
      const located = this.#locate(filePath);
      if (located === null || !pauses.isPaused(located.folder.config.path)) {
        this.#heldFiles.delete(filePath);
        if (located !== null && this.#closing === undefined) {
          this.#tracker.track(filePath);
        }
      }
    }
    this.#refreshState();
  }

  /** Returns true, and keeps the file waiting until its folder resumes, when it is paused. */
  #holdIfPaused(filePath: string, folder: WatchedFolder): boolean {
    if (!this.#getPauses().isPaused(folder.config.path)) {
      return false;
    }
    this.#heldFiles.add(filePath);
    return true;
  }

  async #cleanRequestedFile(input: string, keep: KeepOverrides): Promise<CleanFileReport> {
    const startedAt = performance.now();
    const jobId = ulid();
    const located = this.#locate(input);
    const folder =
      located === null ? null : { path: located.folder.config.path, root: located.root };
    const history = this.#getHistory();
    const recorded = { jobId, folder: null, input };
    let report: CleanFileReport;
    try {
      const screening = await screenFile(input, 'in-place');
      if (screening.action !== 'read') {
        return screening.report;
      }
      recordJobStart(history, recorded, this.#now());
      const options = {
        ...createCleanRequestOptions(this.#config, input, folder, this.#now(), keep),
        journal: history.createJournal(jobId, { now: this.#now }),
      };
      const pool = this.#pool;
      report = await this.#processFile(
        pool === null ? options : { ...options, cleanFile: (request) => pool.cleanFile(request) },
      );
    } catch (error) {
      report = createFailureReportFromError(input, error);
    }
    const durationMs = Math.round(performance.now() - startedAt);
    await recordJobEnd(history, recorded, report, durationMs, this.#now()).catch(() => false);
    const isInPlace = located === null || located.folder.config.mode === 'in-place';
    if (isInPlace && (report.status === 'cleaned' || report.status === 'already-clean')) {
      // The watcher reports the in-place write as a change; the file is clean as it is. A file
      // in an output folder is left to the watcher, whose job moves it to the output.
      const signature = await this.#inspector.readSignature(input).catch(() => null);
      if (signature !== null) {
        this.#knownFiles.add(signature);
      }
    }
    return report;
  }

  /**
   * Returns true when a revert put this file's content back at its path, so it stays as the
   * user restored it. Only paths with a reverted job are read.
   */
  // NOTE: the check is by path, so the restored content renamed or moved to another watched
  // path is cleaned again.
  async #isRevertedContent(filePath: string): Promise<boolean> {
    const reverted = this.#getHistory().jobs.listRevertedSha256(filePath);
    if (reverted.length === 0) {
      return false;
    }
    const sha256 = await hashFile(filePath).catch(() => null);
    return sha256 !== null && reverted.includes(sha256);
  }

  /** Runs `work` after the folder work queued before it, unless the daemon is closing. */
  #queueFolderWork(work: () => Promise<void>): Promise<void> {
    const run = this.#folderWork.then(() => (this.#closing === undefined ? work() : undefined));
    this.#folderWork = run.catch(() => undefined);
    return run;
  }

  async #startFolders(): Promise<void> {
    await mkdir(this.#locations.stateDir, { recursive: true, mode: 0o700 });
    this.#getPauses();
    this.#excludedPaths = await resolveExcludedPaths(this.#config);
    const configs = this.#folders.map((folder) => folder.config);
    // Before any watcher starts, so the files earlier runs handled get no watch of their own.
    this.#knownFiles.persistTo(this.#getHistory().knownFiles, this.#now);
    const prepared = await prepareFolders(
      configs,
      this.#getHistory().folders,
      this.#now(),
      (file) => {
        this.#rememberExistingFile(file);
      },
    );
    if (this.#closing !== undefined) {
      return;
    }
    for (const { config, root, record } of prepared) {
      const folder = this.#folders.find((candidate) => candidate.config === config);
      if (folder === undefined) {
        continue;
      }
      await this.#availability.watch(config.path, root);
      if (root.ok) {
        folder.root = root.root;
        folder.record = record;
        this.#startWatcher(folder, root.root);
      } else {
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
    this.#pruneKnownFiles();
    this.#refreshState();
  }

  /**
   * Forgets the known files that no folder's initial scan found, once every folder was scanned.
   * With a folder unavailable, its files were not looked up, so nothing is forgotten.
   */
  #pruneKnownFiles(): void {
    const isEveryFolderScanned = this.#folders.every((folder) => folder.watcher?.isReady === true);
    if (!isEveryFolderScanned || this.#closing !== undefined) {
      this.#knownFiles.keepUnmatched();
      return;
    }
    try {
      this.#knownFiles.pruneUnmatched();
    } catch {
      // NOTE: the rows then stay until a later start prunes them; each costs a few bytes.
    }
  }

  #startWatcher(folder: WatchedFolder, root: string): void {
    const watcher = this.#watchFolder(root, {
      ...this.#watchOptions,
      recursive: folder.config.recursive,
      excludedPaths: this.#excludedPaths,
      knownCleanFiles: this.#knownCleanFiles,
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
      this.#closeDeferredJob(filePath);
    });
    watcher.on('unlinkRoot', () => {
      void this.#availability.checkNow(folder.config.path, { force: true });
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
    if (this.#holdIfPaused(file.filePath, folder)) {
      this.#refreshState();
      return;
    }
    const ownWrite = this.#ownWrites.get(file.filePath);
    const deferredJobId = this.#takeDeferredJobId(file.filePath);
    const job: PlannedJob = {
      jobId: this.#plannedJobs.get(file.filePath)?.jobId ?? deferredJobId ?? ulid(),
      folder,
      root,
      input: file.filePath,
      format: file.format,
      bytes: file.signature?.size ?? null,
      signature: file.signature,
      isOwnWrite:
        ownWrite !== undefined &&
        file.signature !== null &&
        isSameSignature(ownWrite, file.signature),
    };
    this.#plannedJobs.set(file.filePath, job);
    const outcome = this.#queue.enqueue(file.filePath, () => this.#runPlannedJob(file.filePath));
    const isNew = outcome === 'queued' || outcome === 'rerun-after';
    if (isNew && !job.isOwnWrite && deferredJobId === undefined) {
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
    const job = { jobId: ulid(), folder: located.folder.config.path, input: filePath };
    const reporting = reportAttention(this.#getHistory(), job, report, this.#now())
      .catch(() => false)
      .then((isDismissed) => {
        this.#attentionReports.delete(reporting);
        if (!isDismissed && this.#closing === undefined) {
          this.emit('job.attention', {
            ...report,
            ...job,
            durationMs: 0,
            format: null,
            bytes: null,
          });
        }
      });
    this.#attentionReports.add(reporting);
  }

  /**
   * Runs the job planned for `filePath` with the latest version that settled. A file that
   * changed again since then waits for its next settle, which runs the job with the same id.
   */
  async #runPlannedJob(filePath: string): Promise<void> {
    const job = this.#plannedJobs.get(filePath);
    this.#plannedJobs.delete(filePath);
    if (job === undefined) {
      return;
    }
    const isHeld = this.#holdIfPaused(filePath, job.folder);
    if (this.#tracker.isPending(filePath) || isHeld) {
      if (!job.isOwnWrite) {
        this.#deferredJobIds.set(filePath, job.jobId);
      }
      return;
    }
    await this.#runJob(job);
  }

  async #runJob(job: PlannedJob): Promise<void> {
    if (!job.isOwnWrite && (await this.#isRevertedContent(job.input))) {
      this.#skipRevertedFile(job);
      return;
    }
    const startedAt = performance.now();
    let report: CleanFileReport;
    try {
      const file = {
        config: this.#config,
        folder: job.folder.config,
        root: job.root,
        input: job.input,
      };
      const history = this.#getHistory();
      if (!job.isOwnWrite) {
        recordJobStart(history, this.#toRecordedJob(job), this.#now());
      }
      const options = {
        ...createProcessFileOptions(file, this.#now()),
        journal: history.createJournal(job.jobId, { folder: file.folder.path, now: this.#now }),
        ...(this.#onCommitStep === undefined ? {} : { onCommitStep: this.#onCommitStep }),
      };
      const pool = this.#pool;
      report = await this.#processFile(
        pool === null ? options : { ...options, cleanFile: (request) => pool.cleanFile(request) },
      );
    } catch (error) {
      report = createFailureReportFromError(job.input, error);
    }
    report = await skipIfRemoved(report);
    const durationMs = Math.round(performance.now() - startedAt);
    const isDismissed = await this.#recordJobEnd(job, report, durationMs);
    this.#requeueIfChanged(job, report);
    this.#rememberHandledFile(job, report);
    await this.#rememberOwnWrite(job, report);
    if (job.isOwnWrite) {
      if (report.status === 'already-clean') {
        return;
      }
      this.#emitQueued(job);
    }
    if (isDismissed) {
      // The user dismissed this content: it stays untouched and is not reported again.
      if (job.signature !== null) {
        this.#knownFiles.add(job.signature);
      }
      return;
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
   * Settles a file again when it changed between the read and the commit, which committed
   * nothing, unless the watcher's own event already led to a rerun.
   */
  // TODO: a file that failed with E_PERMISSION is tried again only when its size or mtime
  // changes, or at the next start, and not when its permissions are fixed.
  #requeueIfChanged(job: PlannedJob, report: CleanFileReport): void {
    const isCovered = this.#plannedJobs.has(job.input) || this.#tracker.isPending(job.input);
    if (report.code === 'E_SOURCE_CHANGED' && !isCovered && this.#closing === undefined) {
      this.#tracker.track(job.input);
    }
  }

  /** Opens the history at the first use, unless one was passed in. */
  #getHistory(): HistoryStore {
    this.#history ??= this.#historyOption ?? openHistory(this.#locations.stateDir);
    return this.#history;
  }

  #toRecordedJob(job: PlannedJob): { jobId: string; folder: string; input: string } {
    return { jobId: job.jobId, folder: job.folder.config.path, input: job.input };
  }

  /**
   * Records a job's end, except the silent `already-clean` of our own in-place write. Resolves
   * true when the job needs attention for content the user dismissed.
   */
  async #recordJobEnd(
    job: PlannedJob,
    report: CleanFileReport,
    durationMs: number,
  ): Promise<boolean> {
    if (job.isOwnWrite && report.status === 'already-clean') {
      return false;
    }
    try {
      return await recordJobEnd(
        this.#getHistory(),
        this.#toRecordedJob(job),
        report,
        durationMs,
        this.#now(),
      );
    } catch {
      // NOTE: the job's end is then missing from the history until recovery at the next start
      // records it as committed or interrupted; the job's event still reports the outcome.
      return false;
    }
  }

  /** Ends a job for a file a revert restored: it is left as it is, and remembered. */
  #skipRevertedFile(job: PlannedJob): void {
    if (job.signature !== null) {
      this.#knownFiles.add(job.signature);
    }
    this.emit('job.done', {
      ...createFailureReport(
        job.input,
        'E_SOURCE_CHANGED',
        `${job.input} was restored by a revert and is left as it is.`,
      ),
      status: 'skipped',
      code: null,
      jobId: job.jobId,
      folder: job.folder.config.path,
      durationMs: 0,
      format: job.format,
      bytes: job.bytes,
    });
  }

  /**
   * Records the signature of a file an in-place job just wrote. The watcher reports that write
   * as a change, and the job it starts then confirms `already-clean` without any event. When
   * the path already contains another version, such as an editor's save made right after our
   * rename, only the written version is recorded, so the watcher's event for the new one
   * starts a job.
   */
  async #rememberOwnWrite(job: PlannedJob, report: CleanFileReport): Promise<void> {
    this.#ownWrites.delete(job.input);
    if (report.status !== 'cleaned' || job.folder.config.mode !== 'in-place') {
      return;
    }
    const signature = await this.#inspector.readSignature(job.input).catch(() => null);
    const written = this.#readWrittenVersion(job.jobId);
    if (written !== null && (signature === null || !isWrittenVersion(signature, written))) {
      this.#knownFiles.record(job.input, { ...written, ctimeNs: '0' });
      return;
    }
    if (signature !== null) {
      this.#ownWrites.set(job.input, signature);
      this.#knownFiles.record(job.input, signature);
    }
  }

  /**
   * Returns the version an in-place commit wrote, as its journal recorded it, or null when the
   * job has no record (a custom `processFile`) or the history cannot be read.
   */
  #readWrittenVersion(jobId: string): Pick<FileSignature, 'ino' | 'size' | 'mtimeNs'> | null {
    try {
      const identity = this.#getHistory().jobs.get(jobId)?.outputIdentity ?? null;
      return identity === null
        ? null
        : { ino: identity.ino, size: identity.size, mtimeNs: identity.mtimeNs };
    } catch {
      return null;
    }
  }

  /**
   * Records for this run a file that needs no job until it changes: found clean, skipped, or
   * in a format that cannot be cleaned, which is then reported once rather than on every event.
   */
  #rememberHandledFile(job: PlannedJob, report: CleanFileReport): void {
    const isHandled =
      report.status === 'already-clean' ||
      report.status === 'unsupported' ||
      (report.status === 'skipped' && report.code !== 'E_NOT_FOUND');
    // A file skipped because it was gone may come back unchanged, as in a folder renamed away
    // and back, and then needs its job.
    if (!isHandled || job.signature === null) {
      return;
    }
    // An already clean file of an output folder moved away, so only this run needs its version.
    const isMoved = job.folder.config.mode === 'output' && report.status === 'already-clean';
    if (isMoved) {
      this.#knownFiles.add(job.signature);
    } else {
      this.#knownFiles.record(job.input, job.signature);
    }
  }

  /**
   * Records a file present when its folder was added with `existing: skip`. The admission
   * check drops it before any read, and the watcher gives it no watch of its own.
   */
  #rememberExistingFile(file: PresentFile): void {
    this.#knownFiles.addVersion(file);
  }

  /**
   * Decides before any read whether a file whose size and mtime settled gets a job. A known
   * file is dropped quietly. A cloud placeholder, or a file with hard links in an in-place
   * folder, is reported once and never read.
   */
  async #admitFile(filePath: string, signature: FileSignature): Promise<boolean> {
    const located = this.#locate(filePath);
    const isRetry = this.#retrying.delete(filePath);
    const isKnown = this.#knownCleanFiles.has(filePath, toFileStatsLike(signature));
    if (located === null || (isKnown && !isRetry)) {
      return false;
    }
    const screening = await screenFile(filePath, located.folder.config.mode);
    if (screening.action === 'read') {
      return true;
    }
    this.#knownFiles.record(filePath, signature);
    this.emit(screening.event, {
      ...screening.report,
      jobId: this.#takeDeferredJobId(filePath) ?? ulid(),
      folder: located.folder.config.path,
      durationMs: 0,
      format: null,
      bytes: signature.size,
    });
    return false;
  }

  #takeDeferredJobId(filePath: string): string | undefined {
    const jobId = this.#deferredJobIds.get(filePath);
    this.#deferredJobIds.delete(filePath);
    return jobId;
  }

  /** Ends an announced job whose file was removed before it could run. */
  #closeDeferredJob(filePath: string): void {
    const jobId = this.#takeDeferredJobId(filePath);
    const located = this.#locate(filePath);
    if (jobId === undefined || located === null) {
      return;
    }
    const report = createFailureReport(
      filePath,
      'E_NOT_FOUND',
      `${filePath} was removed before it was cleaned.`,
    );
    this.emit('job.done', {
      ...report,
      status: 'skipped',
      jobId,
      folder: located.folder.config.path,
      durationMs: 0,
      format: null,
      bytes: null,
    });
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
    this.#availability.close();
    // Watchers close before start() is awaited, because start() waits for their initial scans.
    const closed = new Set<FolderWatcher>();
    const closeWatchers = (): Promise<unknown> => {
      const open = this.#getWatchers().filter((watcher) => !closed.has(watcher));
      open.forEach((watcher) => closed.add(watcher));
      return Promise.all(open.map((watcher) => watcher.close()));
    };
    await closeWatchers();
    await this.#starting?.catch(() => undefined);
    await this.#folderWork;
    await closeWatchers();
    this.#tracker.close();
    this.#pauses?.close();
    await this.#queue.close();
    await this.#pool?.close();
    if (this.#historyOption === undefined) {
      this.#history?.close();
    }
    this.#setState('stopped');
  }

  async #applyConfig(config: Config): Promise<void> {
    if (isDeepStrictEqual(config, this.#config)) {
      // The config file watcher reads back a config that a request already applied.
      return;
    }
    const changes = planFolderChanges(this.#config.folders, config.folders);
    const previousExcluded = this.#excludedPaths;
    this.#config = config;
    this.#tracker.setTiming(config.settle);
    this.#pool?.setJobTimeoutMs(config.limits.jobTimeoutMs);
    this.#excludedPaths = await resolveExcludedPaths(config);
    const isExclusionChanged = !isDeepStrictEqual(previousExcluded, this.#excludedPaths);
    const updates = new Map(changes.updated.map((update) => [update.next.path, update]));
    const restarts: WatchedFolder[] = [];
    for (const removed of changes.removed) {
      await this.#removeFolder(removed.path);
    }
    for (const folder of this.#folders) {
      const update = updates.get(folder.config.path);
      folder.config = update?.next ?? folder.config;
      if (update?.needsRewatch === true || isExclusionChanged) {
        restarts.push(folder);
      }
    }
    for (const added of changes.added) {
      const folder: WatchedFolder = {
        config: added,
        root: null,
        record: null,
        watcher: null,
        state: null,
        code: null,
        reason: null,
      };
      this.#folders.push(folder);
      restarts.push(folder);
    }
    if (this.#starting !== undefined) {
      await Promise.all(restarts.map((folder) => this.#restartFolder(folder)));
    }
    this.emit('config.changed', {
      added: changes.added.map((folder) => folder.path),
      removed: changes.removed.map((folder) => folder.path),
      updated: changes.updated.map((update) => update.next.path),
    });
  }

  async #removeFolder(folderPath: string): Promise<void> {
    const index = this.#folders.findIndex((folder) => folder.config.path === folderPath);
    const folder = this.#folders[index];
    if (folder === undefined) {
      return;
    }
    this.#availability.unwatch(folderPath);
    await this.#stopWatcher(folder);
    this.#folders.splice(index, 1);
  }

  async #restartFolder(folder: WatchedFolder): Promise<void> {
    await this.#stopWatcher(folder);
    await this.#startFolder(folder);
  }

  /** Closes a folder's watcher and stops settling the files reported under it. */
  async #stopWatcher(folder: WatchedFolder): Promise<void> {
    const { watcher, root } = folder;
    folder.watcher = null;
    await watcher?.close();
    if (root !== null) {
      this.#tracker.forgetInside(root);
    }
  }

  /**
   * Starts watching one folder, recording it as added now when it is new, and resolves once
   * its initial scan is done. An unavailable folder is reported and checked again later.
   */
  async #startFolder(folder: WatchedFolder): Promise<void> {
    const configs = [folder.config];
    const [prepared] = await prepareFolders(
      configs,
      this.#getHistory().folders,
      this.#now(),
      (file) => {
        this.#rememberExistingFile(file);
      },
    );
    if (prepared === undefined || this.#closing !== undefined) {
      return;
    }
    await this.#availability.watch(folder.config.path, prepared.root);
    if (!prepared.root.ok) {
      folder.root = null;
      this.#setFolderState(folder, 'unavailable', prepared.root.code, prepared.root.reason);
      return;
    }
    folder.root = prepared.root.root;
    folder.record = prepared.record;
    this.#startWatcher(folder, prepared.root.root);
    await folder.watcher?.onReady();
    if (folder.watcher?.isReady === true && folder.state !== 'watching') {
      this.#setFolderState(folder, 'watching', null, null);
    }
  }

  /** Stops watching a folder that went away, or watches one that is back or was replaced. */
  async #handleAvailabilityChange(folderPath: string, root: FolderRoot): Promise<void> {
    const folder = this.#folders.find((candidate) => candidate.config.path === folderPath);
    if (folder === undefined) {
      return;
    }
    await this.#stopWatcher(folder);
    if (root.ok) {
      await this.#startFolder(folder);
      return;
    }
    folder.root = null;
    this.#setFolderState(folder, 'unavailable', root.code, root.reason);
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
    return (
      areWatchersReady &&
      this.#tracker.pendingCount === 0 &&
      this.#queue.isIdle &&
      this.#attentionReports.size === 0
    );
  }

  /**
   * Sets the state from what the daemon does: a global pause first, then work in progress,
   * then `attention` while a watched folder is unavailable, which the user has to bring back.
   * Files that need attention do not change the state; `status` counts them.
   */
  #refreshState(): void {
    if (this.#starting === undefined || this.#closing !== undefined) {
      return;
    }
    if (this.#pauses?.global != null) {
      this.#setState('paused');
      return;
    }
    if (this.#tracker.pendingCount > 0 || !this.#queue.isIdle) {
      this.#setState('working');
      return;
    }
    const isFolderLost = this.#folders.some((folder) => folder.state === 'unavailable');
    this.#setState(isFolderLost ? 'attention' : 'idle');
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
    const isPaused = state === 'watching' && this.#pauses?.isPaused(folder.config.path) === true;
    const shown = isPaused ? 'paused' : state;
    const previous = folder.state;
    folder.state = shown;
    folder.code = code;
    folder.reason = reason;
    this.emit('folder.changed', {
      folder: folder.config.path,
      state: shown,
      previous,
      code,
      reason,
    });
    this.#refreshState();
  }
}

type FolderStateChangeCode = DaemonEventMap['folder.changed'][0]['code'];

function isInside(filePath: string, root: string): boolean {
  return filePath.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

function getWatchErrorCode(error: Error): FolderStateChangeCode {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM' ? 'E_PERMISSION' : 'E_INTERNAL';
}

/** Returns true when `signature` describes the version a commit wrote. */
function isWrittenVersion(
  signature: FileSignature,
  written: Pick<FileSignature, 'ino' | 'size' | 'mtimeNs'>,
): boolean {
  return (
    signature.ino === written.ino &&
    signature.size === written.size &&
    signature.mtimeNs === written.mtimeNs
  );
}

/**
 * Turns the failure of a job whose file was removed or moved away after it was queued into a
 * skip, as for a file removed before its job was queued. The file is not there to clean.
 */
async function skipIfRemoved(report: CleanFileReport): Promise<CleanFileReport> {
  if (report.status !== 'failed' || report.code !== 'E_NOT_FOUND') {
    return report;
  }
  try {
    await lstat(report.input);
    return report;
  } catch (error) {
    if (!isMissingPathError(error)) {
      return report;
    }
  }
  return {
    ...report,
    status: 'skipped',
    reason: `${report.input} was removed before it was cleaned.`,
  };
}
