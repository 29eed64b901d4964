import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import { resolveFolder, type FolderRoot, type ResolvedFolder } from './resolve-folder-root.js';
import { FolderAncestorWatches } from './watch-folder-ancestors.js';

/** Options for {@link FolderAvailability}. */
export interface FolderAvailabilityOptions {
  /**
   * Milliseconds between two checks of every folder. A check is one `realpath` and one
   * `stat` per folder.
   * @default 10_000
   */
  readonly intervalMs?: number;
  /**
   * Resolves a folder's real path and identity, or why it cannot be watched.
   * @default resolveFolder
   */
  readonly resolveFolder?: (folderPath: string) => Promise<ResolvedFolder>;
}

/** Arguments of each {@link FolderAvailability} event. */
export interface FolderAvailabilityEventMap {
  /**
   * A folder appeared, went away, or is now a different folder at the same path (another
   * inode or device, as after a remount), so its watcher must start again.
   */
  change: [folderPath: string, root: FolderRoot];
}

interface MonitoredFolder {
  /** Identifies the last state seen, so only a change raises an event. */
  key: string;
  /** The running checks, which end once no check was requested while they ran. */
  checking: Promise<void> | null;
  /**
   * Whether a check was requested since the last one started. A check that started before a
   * folder appeared cannot serve a request made after it.
   */
  isCheckDue: boolean;
}

// A folder's watcher reports nothing when one of its parents is renamed, and a missing folder
// has no watcher at all. A watch on its deepest existing parent reports a missing folder as
// soon as it appears, so the timer is left with parents renamed and drives unmounted or
// mounted again. Each check wakes the idle daemon, which is why the interval is not shorter.
// NOTE: a renamed parent folder is found only by the next check, up to 10 s later.
const DEFAULT_INTERVAL_MS = 10_000;

/**
 * Checks the watched folders on a timer, and a missing one also when its path appears, and
 * reports each one that appears, disappears or is replaced: removed, renamed away, or on a
 * drive that was unmounted. A watcher cannot see these itself, because it watches the folder's inode and
 * not its path. Neither the timer nor the watches keep the process alive.
 */
export class FolderAvailability extends EventEmitter<FolderAvailabilityEventMap> {
  readonly #intervalMs: number;
  readonly #resolveFolder: (folderPath: string) => Promise<ResolvedFolder>;
  readonly #folders = new Map<string, MonitoredFolder>();
  readonly #ancestors = new FolderAncestorWatches((folderPath) => {
    void this.checkNow(folderPath);
  });
  #timer: NodeJS.Timeout | null = null;
  #isClosed = false;

  constructor(options: FolderAvailabilityOptions = {}) {
    super();
    this.#intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.#resolveFolder = options.resolveFolder ?? resolveFolder;
  }

  /**
   * Starts checking `folderPath`, whose state is `root` now: an event follows only when that
   * changes. Watching a folder again replaces its state.
   */
  async watch(folderPath: string, root: FolderRoot): Promise<void> {
    if (this.#isClosed) {
      return;
    }
    this.#folders.set(folderPath, {
      key: await getStateKey(root),
      checking: null,
      isCheckDue: false,
    });
    this.#ancestors.add(folderPath);
    this.#scheduleNext();
  }

  /** Stops checking `folderPath`. */
  unwatch(folderPath: string): void {
    this.#folders.delete(folderPath);
    this.#ancestors.delete(folderPath);
  }

  /**
   * Checks one folder at once. With `force`, the state is reported even when it looks the
   * same, for a folder whose watcher lost it: a folder removed and made again may get the
   * same inode number back.
   */
  async checkNow(folderPath: string, options: { readonly force?: boolean } = {}): Promise<void> {
    const folder = this.#folders.get(folderPath);
    if (folder === undefined || this.#isClosed) {
      return;
    }
    if (options.force === true) {
      await folder.checking;
      folder.key = '';
    }
    folder.isCheckDue = true;
    folder.checking ??= this.#checkWhileDue(folderPath, folder).finally(() => {
      folder.checking = null;
    });
    await folder.checking;
  }

  /** Stops the timer and the watches. Later calls do nothing. */
  close(): void {
    this.#isClosed = true;
    this.#folders.clear();
    this.#ancestors.close();
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  #scheduleNext(): void {
    if (this.#timer !== null || this.#isClosed || this.#folders.size === 0) {
      return;
    }
    this.#timer = setTimeout(() => {
      void this.#checkAll();
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async #checkAll(): Promise<void> {
    await Promise.all([...this.#folders.keys()].map((folderPath) => this.checkNow(folderPath)));
    this.#timer = null;
    this.#scheduleNext();
  }

  async #checkWhileDue(folderPath: string, folder: MonitoredFolder): Promise<void> {
    while (folder.isCheckDue) {
      folder.isCheckDue = false;
      await this.#check(folderPath, folder);
    }
  }

  async #check(folderPath: string, folder: MonitoredFolder): Promise<void> {
    // The identity comes from the stat that resolving the folder makes anyway, which saves a
    // second stat per folder on every check.
    const { root, identity } = await this.#resolveFolder(folderPath);
    const key = toStateKey(root, identity);
    if (this.#folders.get(folderPath) !== folder || key === folder.key || this.#isClosed) {
      return;
    }
    folder.key = key;
    this.#ancestors.refresh();
    this.emit('change', folderPath, root);
  }
}

/**
 * Describes a folder's state: its real path, device and inode, or why it is missing. A folder
 * that vanishes between `realpath` and `stat` gets the key of an available folder that the
 * next check corrects, because its watcher then reports the loss as well.
 */
async function getStateKey(root: FolderRoot): Promise<string> {
  if (!root.ok) {
    return toStateKey(root, null);
  }
  try {
    const stats = await stat(root.root, { bigint: true });
    return toStateKey(root, `${stats.dev}:${stats.ino}`);
  } catch {
    return toStateKey(root, null);
  }
}

/** Builds the key of {@link getStateKey} from a resolved folder and its `dev:ino`. */
function toStateKey(root: FolderRoot, identity: string | null): string {
  return root.ok ? `available:${identity ?? 'unknown'}:${root.root}` : `unavailable:${root.code}`;
}
