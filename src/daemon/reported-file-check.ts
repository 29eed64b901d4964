import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { FileStatsLike } from './known-clean-files.js';

/**
 * Checks each reported file that a folder's native watch event names, and reports it as
 * changed when `lstat` shows a version other than the last one reported.
 *
 * chokidar 5.0.0 in native mode can miss a file replaced right after an earlier replacement
 * of the same file. Its per-file listener drops events within 5 ms of each other, and it drops
 * a `change` within 50 ms of the previous one. After an inode change it closes and re-creates
 * the per-file `fs.watch`, so a rename landing between the listener's `stat` and the new watch
 * gets no event. Its folder re-read then reports only names it does not track yet.
 *
 * The folder's own `fs.watch` is never re-created for a file event. On Linux (inotify) it names
 * the file on every rename into the folder and every write, so the `lstat` of a check started
 * by that event returns the new version. Checks run only in native mode, because polling
 * reports no file names for folders.
 *
 * The daemon's `onQuiescent()` does not wait for checks in flight, as it does not wait for
 * events the kernel has not delivered yet. A check reports only a version not reported before,
 * and that file then starts settling like any other change.
 */
export class ReportedFileCheck {
  readonly #isIgnored: (filePath: string, stats: Stats) => boolean;
  readonly #onChange: (filePath: string) => void;
  /** The version last reported for each file, or null when it was reported without stats. */
  readonly #reported = new Map<string, FileStatsLike | null>();
  /** The check in flight for each file. */
  readonly #running = new Map<string, Promise<void>>();
  /** Files named again while their `lstat` was in flight, checked once more after it. */
  readonly #named = new Set<string>();
  #isClosed = false;

  /**
   * @param isIgnored returns true for a file the watcher skips in the version `stats`
   *   describes, such as a known clean file.
   * @param onChange receives each file whose version differs from the last one reported.
   */
  constructor(
    isIgnored: (filePath: string, stats: Stats) => boolean,
    onChange: (filePath: string) => void,
  ) {
    this.#isIgnored = isIgnored;
    this.#onChange = onChange;
  }

  /** Records the version of a file the watcher reported as added or changed. */
  recordReported(filePath: string, stats: FileStatsLike | undefined): void {
    this.#reported.set(filePath, stats === undefined ? null : toFileStatsLike(stats));
  }

  /** Forgets a file the watcher reported as gone, so its events start no checks. */
  forget(filePath: string): void {
    this.#reported.delete(filePath);
  }

  /**
   * Starts a check for the file that one of chokidar's `raw` events names, when the event came
   * from a folder's native watch and the file was reported. A file not reported yet is left to
   * chokidar, whose folder re-read reports it as added. Resolves once the file's check is done,
   * or at once when no check starts.
   */
  handleRawEvent(rawPath: string, details: unknown): Promise<void> {
    const watchedPath = (details as { watchedPath?: unknown } | null)?.watchedPath;
    if (this.#isClosed || typeof watchedPath !== 'string' || rawPath === '') {
      return Promise.resolve();
    }
    // The per-file watches name their own file, so this path is then never a reported file.
    const filePath = path.join(watchedPath, rawPath);
    if (!this.#reported.has(filePath)) {
      return Promise.resolve();
    }
    return this.#check(filePath);
  }

  /** Stops all checks: those in flight report nothing. */
  close(): void {
    this.#isClosed = true;
    this.#reported.clear();
    this.#named.clear();
  }

  /** Runs at most one `lstat` per file at a time, and one more when named meanwhile. */
  #check(filePath: string): Promise<void> {
    const running = this.#running.get(filePath);
    if (running !== undefined) {
      this.#named.add(filePath);
      return running;
    }
    const check = this.#checkUntilCurrent(filePath).finally(() => {
      this.#running.delete(filePath);
    });
    this.#running.set(filePath, check);
    return check;
  }

  async #checkUntilCurrent(filePath: string): Promise<void> {
    do {
      this.#named.delete(filePath);
      await this.#compare(filePath);
    } while (this.#named.has(filePath) && !this.#isClosed);
  }

  async #compare(filePath: string): Promise<void> {
    let stats: Stats;
    try {
      stats = await lstat(filePath);
    } catch {
      // A missing file is chokidar's to report as unlinked, and an unreadable one the intake's.
      return;
    }
    if (this.#isClosed || !this.#reported.has(filePath)) {
      return;
    }
    if (!stats.isFile() || this.#isIgnored(filePath, stats)) {
      return;
    }
    const last = this.#reported.get(filePath);
    if (last != null && isSameVersion(last, stats)) {
      return;
    }
    this.#reported.set(filePath, toFileStatsLike(stats));
    this.#onChange(filePath);
  }
}

function toFileStatsLike(stats: FileStatsLike): FileStatsLike {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

function isSameVersion(a: FileStatsLike, b: FileStatsLike): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
