import { EventEmitter } from 'node:events';
import type {
  FolderWatcher,
  FolderWatcherEventMap,
  WatchFolderFunction,
  WatchFolderOptions,
} from './watch-folder.js';

/**
 * Wraps `watchOne` so that a recursive watch of a folder runs as one watcher for the folder's
 * own entries plus one watcher per subfolder, whose initial scans run one after another.
 *
 * chokidar 5 starts the scan of every subfolder at once, so on 100,000 files in 100 folders the
 * stats of all of them were alive together. Its initial scan alone then peaked at 385 MB RSS,
 * and at 84 MB with the subfolders watched one after another (a script running chokidar 5 on
 * that folder with every file ignored, Node 20, 2 shared cores). The inotify watches stay one
 * per folder. Files directly in the root are still scanned together.
 */
export function watchSubfoldersInTurn(watchOne: WatchFolderFunction): WatchFolderFunction {
  return (root, options = {}) =>
    options.recursive === false
      ? watchOne(root, options)
      : new SubfolderWatcher(root, options, watchOne);
}

class SubfolderWatcher extends EventEmitter<FolderWatcherEventMap> implements FolderWatcher {
  readonly root: string;
  readonly #options: WatchFolderOptions;
  readonly #watchOne: WatchFolderFunction;
  readonly #top: FolderWatcher;
  /** The watcher of each subfolder of the root, by the subfolder's path. */
  readonly #subfolders = new Map<string, FolderWatcher>();
  /**
   * Files each subfolder's watcher reported and has not reported gone, by the subfolder's path.
   * A watcher does not report the files of its own folder gone when the folder is removed.
   */
  readonly #reportedFiles = new Map<string, Set<string>>();
  /** Subfolder watchers still to start, chained so that one scan runs at a time. */
  #subfolderStarts: Promise<void> = Promise.resolve();
  readonly #ready: Promise<void>;
  #isReady = false;
  #closing: Promise<void> | undefined;

  constructor(root: string, options: WatchFolderOptions, watchOne: WatchFolderFunction) {
    super();
    this.root = root;
    this.#options = options;
    this.#watchOne = watchOne;
    this.#top = watchOne(root, { ...options, recursive: false });
    this.#forwardFileEvents(this.#top);
    this.#top.on('unlinkRoot', () => this.emit('unlinkRoot'));
    this.#top.on('error', (error) => this.emit('error', error));
    this.#top.on('unlinkDir', (dirPath) => {
      void this.#removeSubfolder(dirPath);
    });
    this.#top.on('addDir', (dirPath) => {
      this.#subfolderStarts = this.#subfolderStarts.then(() => this.#watchSubfolder(dirPath));
    });
    // The root's scan has reported every subfolder present at the start before its `ready`,
    // so waiting for the chain then covers their scans too.
    this.#ready = this.#top.onReady().then(async () => {
      await this.#subfolderStarts;
      if (this.#closing === undefined) {
        this.#isReady = true;
        this.emit('ready');
      }
    });
  }

  get isReady(): boolean {
    return this.#isReady;
  }

  onReady(): Promise<void> {
    return this.#closing === undefined ? this.#ready : this.#closing;
  }

  close(): Promise<void> {
    this.#closing ??= Promise.all(
      [this.#top, ...this.#subfolders.values()].map((watcher) => watcher.close()),
    ).then(() => undefined);
    return this.#closing;
  }

  #forwardFileEvents(watcher: FolderWatcher): void {
    watcher.on('add', (filePath) => this.emit('add', filePath));
    watcher.on('change', (filePath) => this.emit('change', filePath));
    watcher.on('unlink', (filePath) => this.emit('unlink', filePath));
  }

  async #watchSubfolder(dirPath: string): Promise<void> {
    if (this.#closing !== undefined) {
      return;
    }
    await this.#removeSubfolder(dirPath);
    const watcher = this.#watchOne(dirPath, { ...this.#options, recursive: true });
    const reported = new Set<string>();
    this.#subfolders.set(dirPath, watcher);
    this.#reportedFiles.set(dirPath, reported);
    watcher.on('add', (filePath) => {
      reported.add(filePath);
      this.emit('add', filePath);
    });
    watcher.on('change', (filePath) => {
      reported.add(filePath);
      this.emit('change', filePath);
    });
    watcher.on('unlink', (filePath) => {
      reported.delete(filePath);
      this.emit('unlink', filePath);
    });
    // The root's watcher reports a subfolder's own access error, so only errors further down
    // are passed on from here.
    watcher.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).path !== dirPath) {
        this.emit('error', error);
      }
    });
    watcher.on('unlinkRoot', () => {
      if (this.#subfolders.get(dirPath) === watcher) {
        void this.#removeSubfolder(dirPath);
      }
    });
    await watcher.onReady();
  }

  /** Closes a subfolder's watcher and reports the files it reported as gone. */
  async #removeSubfolder(dirPath: string): Promise<void> {
    const watcher = this.#subfolders.get(dirPath);
    const reported = this.#reportedFiles.get(dirPath) ?? new Set<string>();
    this.#subfolders.delete(dirPath);
    this.#reportedFiles.delete(dirPath);
    await watcher?.close();
    for (const filePath of reported) {
      this.emit('unlink', filePath);
    }
  }
}
