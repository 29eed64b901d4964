import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import { EventEmitter } from 'node:events';
import { isIgnoredPath } from './ignore-rules.js';

/** Names of the events a {@link FolderWatcher} emits. */
export const FOLDER_WATCHER_EVENTS = ['add', 'change', 'unlink', 'ready', 'error'] as const;

/** Arguments of each {@link FolderWatcher} event. Paths are absolute. */
export interface FolderWatcherEventMap {
  add: [filePath: string];
  change: [filePath: string];
  unlink: [filePath: string];
  /** The initial scan is done: every file present at the start has had its `add`. */
  ready: [];
  error: [error: Error];
}

/**
 * Watches one folder for files that appear, change or go away. Ignored names are never
 * reported, and links are reported as themselves, never followed.
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
}

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
  #watcher: FSWatcher;
  #isReady = false;
  #ready: Promise<void>;
  #markReady: () => void = () => undefined;
  #closing: Promise<void> | undefined;

  constructor(root: string, options: WatchFolderOptions) {
    super();
    this.root = root;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    this.#watcher = watch(root, createChokidarOptions(root, options));
    this.#watcher.on('add', (filePath) => this.emit('add', filePath));
    this.#watcher.on('change', (filePath) => this.emit('change', filePath));
    this.#watcher.on('unlink', (filePath) => this.emit('unlink', filePath));
    this.#watcher.on('error', (error) => this.emit('error', toError(error)));
    this.#watcher.on('ready', () => {
      this.#isReady = true;
      this.#markReady();
      this.emit('ready');
    });
  }

  get isReady(): boolean {
    return this.#isReady;
  }

  onReady(): Promise<void> {
    return this.#ready;
  }

  close(): Promise<void> {
    this.#closing ??= this.#watcher.close().finally(() => {
      this.#markReady();
    });
    return this.#closing;
  }
}

function createChokidarOptions(root: string, options: WatchFolderOptions): ChokidarOptions {
  const chokidarOptions: ChokidarOptions = {
    persistent: true,
    ignoreInitial: false,
    followSymlinks: false,
    ignored: (filePath: string) => isIgnoredPath(root, filePath),
    // Settling is the intake's job: awaitWriteFinish would poll every pending file.
    awaitWriteFinish: false,
    usePolling: options.usePolling ?? false,
    interval: options.pollIntervalMs ?? 100,
    binaryInterval: options.pollIntervalMs ?? 100,
  };
  if (options.recursive === false) {
    chokidarOptions.depth = 0;
  }
  return chokidarOptions;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
