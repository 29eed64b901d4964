import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import { EventEmitter } from 'node:events';
import { constants, type Stats } from 'node:fs';
import { access, lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isMissingPathError } from './file-signature.js';
import { isCloudPlaceholderName } from './is-cloud-placeholder.js';
import { isIgnoredName, isIgnoredPath } from './ignore-rules.js';
import type { KnownCleanFiles } from './known-clean-files.js';
import { ReportedFileCheck } from './reported-file-check.js';
import { spaceFolderRereads } from './space-folder-rereads.js';

/** Names of the events a {@link FolderWatcher} emits. */
export const FOLDER_WATCHER_EVENTS = [
  'add',
  'change',
  'unlink',
  'unlinkRoot',
  'addDir',
  'unlinkDir',
  'ready',
  'error',
] as const;

/** Arguments of each {@link FolderWatcher} event. Paths are absolute. */
export interface FolderWatcherEventMap {
  add: [filePath: string];
  change: [filePath: string];
  unlink: [filePath: string];
  /**
   * The watched folder itself was removed or renamed away, so nothing in it is watched any
   * more. It is reported once.
   */
  unlinkRoot: [];
  /** A folder below the root appeared, or was found by the initial scan. */
  addDir: [dirPath: string];
  /** A folder below the root went away. */
  unlinkDir: [dirPath: string];
  /** The initial scan is done: every file present at the start has had its `add`. */
  ready: [];
  error: [error: Error];
}

/**
 * Watches one folder for files that appear, change or go away. Ignored names, excluded
 * folders and known clean files are never reported, and links are reported as themselves,
 * never followed. Every folder gets a watch, and so does every file except a known one.
 * One version of a file may be reported as changed more than once.
 */
export interface FolderWatcher extends EventEmitter<FolderWatcherEventMap> {
  readonly root: string;
  readonly isReady: boolean;
  /** Resolves once the initial scan is done, at once if it already is, or once closed. */
  onReady(): Promise<void>;
  /** Stops watching. Every call returns the same promise. */
  close(): Promise<void>;
}

/** Options for {@link watchFolder}. */
export interface WatchFolderOptions {
  /**
   * Whether files in subfolders are watched too.
   * @default true
   */
  readonly recursive?: boolean;
  /**
   * Poll with `fs.stat` instead of the native watcher, for network drives and for tests.
   * @default false
   */
  readonly usePolling?: boolean;
  /**
   * Polling interval in milliseconds, when `usePolling` is true.
   * @default 100
   */
  readonly pollIntervalMs?: number;
  /**
   * Absolute paths that are never watched, with everything below them: the vault and the
   * output folders, as written and as real paths.
   * @default []
   */
  readonly excludedPaths?: readonly string[];
  /**
   * Files that need no watch of their own, because the daemon already handled them in the
   * version that `lstat` reports. A new version raises an event on the file's folder, which
   * then reports the file as added.
   * @default no file is known
   */
  // NOTE: with `usePolling`, a write in place to a known file leaves its folder's mtime alone, so
  // it is noticed only at the folder's next change. An atomic save changes the folder at once.
  readonly knownCleanFiles?: KnownCleanFiles;
}

const DEFAULT_POLL_INTERVAL_MS = 100;

/** A folder changed this long before the scan began is listed again after it. */
const RECENT_CHANGE_MS = 1000;

/** Creates a {@link FolderWatcher}; the daemon takes one as an option so tests can fake it. */
export type WatchFolderFunction = (root: string, options?: WatchFolderOptions) => FolderWatcher;

/**
 * Starts watching `root` with chokidar. Every file already there is reported as `add` before
 * `ready`.
 *
 * @example
 * const watcher = watchFolder('/home/ada/MetaClear/To Clean', { recursive: true });
 * watcher.on('add', (filePath) => intake.track(filePath));
 * await watcher.onReady();
 */
export function watchFolder(root: string, options: WatchFolderOptions = {}): FolderWatcher {
  return new ChokidarFolderWatcher(root, options);
}

class ChokidarFolderWatcher extends EventEmitter<FolderWatcherEventMap> implements FolderWatcher {
  readonly root: string;
  readonly #options: WatchFolderOptions;
  #watcher: FSWatcher;
  readonly #cancelSpacedRereads: () => void;
  readonly #reportedFileCheck: ReportedFileCheck;
  /**
   * The mtime of each folder this watcher lists, as seen before its initial listing, until the
   * scan is done.
   */
  #scannedFolders: Map<string, number> | undefined = new Map();
  readonly #startedAt = Date.now();
  #isReady = false;
  #isRootLost = false;
  #ready: Promise<void>;
  #markReady: () => void = () => undefined;
  #closing: Promise<void> | undefined;

  constructor(root: string, options: WatchFolderOptions) {
    super();
    this.root = root;
    this.#options = options;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    this.#reportedFileCheck = new ReportedFileCheck(
      (filePath, stats) => isIgnoredByWatcher(root, filePath, stats, options),
      (filePath) => this.emit('change', filePath),
    );
    this.#watcher = watch(root, createChokidarOptions(root, options));
    this.#cancelSpacedRereads = spaceFolderRereads(this.#watcher);
    this.#watcher.on('add', (filePath, stats) => {
      this.#reportedFileCheck.recordReported(filePath, stats);
      this.emit('add', filePath);
    });
    this.#watcher.on('change', (filePath, stats) => {
      this.#reportedFileCheck.recordReported(filePath, stats);
      this.emit('change', filePath);
    });
    this.#watcher.on('unlink', (filePath) => {
      void this.#confirmUnlink(filePath);
    });
    this.#watcher.on('addDir', (dirPath, stats) => {
      void this.#checkFolderAccess(dirPath);
      if (stats !== undefined && (options.recursive !== false || dirPath === root)) {
        this.#scannedFolders?.set(dirPath, stats.mtimeMs);
      }
      if (dirPath !== root) {
        this.emit('addDir', dirPath);
      }
    });
    this.#watcher.on('unlinkDir', (dirPath) => {
      if (dirPath === root) {
        this.#reportRootLost();
      } else {
        this.emit('unlinkDir', dirPath);
      }
    });
    // chokidar reports `unlinkDir` for the root only while it watches a file inside, so the
    // root's own events are checked too: `rename` of its own name from the native watcher, or
    // zeroed stats from polling.
    this.#watcher.on('raw', (eventType, rawPath, details) => {
      if (isRootEvent(root, eventType, rawPath, details)) {
        void this.#checkRoot();
      }
      void this.#reportedFileCheck.handleRawEvent(rawPath, details);
    });
    this.#watcher.on('error', (error) => this.emit('error', toError(error)));
    this.#watcher.on('ready', () => {
      void this.#finishInitialScan();
    });
  }

  get isReady(): boolean {
    return this.#isReady;
  }

  onReady(): Promise<void> {
    return this.#ready;
  }

  close(): Promise<void> {
    this.#reportedFileCheck.close();
    this.#cancelSpacedRereads();
    this.#closing ??= this.#watcher.close().finally(() => {
      this.#markReady();
    });
    return this.#closing;
  }

  /**
   * Passes on chokidar's `unlink` only for a file that is really gone. chokidar 5 also reports
   * `unlink` when a folder re-read finds that a tracked file has become ignored, as our own
   * in-place write makes it known clean. In native mode that `unlink` is held back 100 ms
   * (chokidar's `atomic` option), so it can arrive after an editor's atomic save has put a new
   * version at the path, which gets no event of its own. Passing it on would make the daemon
   * drop that version. A file still present is reported as changed instead, and the intake
   * drops a known version quietly.
   */
  async #confirmUnlink(filePath: string): Promise<void> {
    try {
      await lstat(filePath);
    } catch (error) {
      if (isMissingPathError(error)) {
        this.#reportedFileCheck.forget(filePath);
        this.emit('unlink', filePath);
        return;
      }
    }
    if (this.#closing === undefined) {
      this.#reportedFileCheck.recordReported(filePath, undefined);
      this.emit('change', filePath);
    }
  }

  async #finishInitialScan(): Promise<void> {
    if (this.#options.usePolling === true) {
      // fs.watchFile takes its first stat of a folder in the thread pool, after chokidar has
      // listed the folder, and reports only changes after that stat. Waiting two polls lets
      // that stat come before the folder is listed again.
      await delay(2 * (this.#options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS));
    }
    await this.#addEntriesMissedByScan();
    if (this.#closing === undefined) {
      this.#isReady = true;
      this.#markReady();
      this.emit('ready');
    }
  }

  /**
   * Reports what appeared in a folder between chokidar's listing of it and the start of its
   * watch, which chokidar reports only at the folder's next change. A folder listed again is
   * one whose mtime moved during the scan, or one changed shortly before the scan began, since
   * a file system may keep an mtime in steps of a few milliseconds. A folder left out of a
   * watcher that is not recursive is reported as `addDir`, and anything else goes to chokidar,
   * which reports it and watches it from then on.
   */
  async #addEntriesMissedByScan(): Promise<void> {
    const scanned = this.#scannedFolders ?? new Map<string, number>();
    this.#scannedFolders = undefined;
    const listed = this.#watcher.getWatched();
    for (const [folder, mtimeMs] of scanned) {
      const stats = await lstat(folder).catch(() => undefined);
      const isChanged = stats?.mtimeMs !== mtimeMs || mtimeMs > this.#startedAt - RECENT_CHANGE_MS;
      if (stats?.isDirectory() !== true || !isChanged) {
        continue;
      }
      const known = new Set(listed[folder] ?? []);
      for (const name of await readdir(folder).catch(() => [])) {
        const entryPath = path.join(folder, name);
        const entry = known.has(name) ? undefined : await lstat(entryPath).catch(() => undefined);
        if (
          entry === undefined ||
          this.#closing !== undefined ||
          isIgnoredByWatcher(this.root, entryPath, entry, this.#options)
        ) {
          continue;
        }
        if (entry.isDirectory() && this.#options.recursive === false) {
          this.emit('addDir', entryPath);
        } else {
          this.#watcher.add(entryPath);
        }
      }
    }
  }

  async #checkRoot(): Promise<void> {
    try {
      await stat(this.root);
    } catch {
      this.#reportRootLost();
    }
  }

  #reportRootLost(): void {
    if (!this.#isRootLost && this.#closing === undefined) {
      this.#isRootLost = true;
      this.emit('unlinkRoot');
    }
  }

  /**
   * Reports a folder this process cannot list. chokidar runs with `ignorePermissionErrors`, so
   * that an unreadable file is reported and its job fails with a code. That option also makes
   * chokidar skip an unreadable folder silently.
   */
  async #checkFolderAccess(dirPath: string): Promise<void> {
    try {
      await access(dirPath, constants.R_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (this.#closing === undefined && (code === 'EACCES' || code === 'EPERM')) {
        this.emit('error', toError(error));
      }
    }
  }
}

function createChokidarOptions(root: string, options: WatchFolderOptions): ChokidarOptions {
  const chokidarOptions: ChokidarOptions = {
    persistent: true,
    ignoreInitial: false,
    followSymlinks: false,
    ignorePermissionErrors: true,
    ignored: (filePath: string, stats?: Stats) =>
      isIgnoredByWatcher(root, filePath, stats, options),
    // Settling is the intake's job: awaitWriteFinish would poll every pending file.
    awaitWriteFinish: false,
    usePolling: options.usePolling ?? false,
    interval: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    binaryInterval: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  };
  if (options.recursive === false) {
    chokidarOptions.depth = 0;
  }
  return chokidarOptions;
}

/**
 * Returns true for paths the watcher skips. chokidar calls it once without stats and again
 * with the `lstat` result, so a known clean file is recognised on the second call. Cloud
 * placeholder stubs (`.IMG_1.jpg.icloud`) are hidden files but are reported, so that the
 * daemon can say why the photo was not cleaned.
 */
function isIgnoredByWatcher(
  root: string,
  filePath: string,
  stats: Stats | undefined,
  options: WatchFolderOptions,
): boolean {
  if (filePath === root) {
    return false;
  }
  // A known file is ignored whatever the name rules below return, so checking it first changes
  // no result. It decides for nearly every file of a large folder and builds no strings.
  const known = options.knownCleanFiles;
  if (known !== undefined && stats?.isFile() === true && known.has(filePath, stats)) {
    return true;
  }
  if ((options.excludedPaths ?? []).some((excluded) => isSameOrInside(filePath, excluded))) {
    return true;
  }
  const baseName = path.basename(filePath);
  if (isIgnoredPath(root, path.dirname(filePath))) {
    return true;
  }
  return isIgnoredName(baseName) && !isCloudPlaceholderName(baseName);
}

function isRootEvent(root: string, eventType: string, rawPath: string, details: unknown): boolean {
  if (eventType === 'rename') {
    const watchedPath = (details as { watchedPath?: unknown } | null)?.watchedPath;
    return watchedPath === root && rawPath === path.basename(root);
  }
  const current = (details as { curr?: { mtimeMs?: unknown } } | null)?.curr;
  return rawPath === root && current?.mtimeMs === 0;
}

function isSameOrInside(filePath: string, folder: string): boolean {
  return filePath === folder || filePath.startsWith(`${folder}${path.sep}`);
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
