import type { KnownFileStore } from '../commit/history/known-file-store.js';
import type { FileSignature } from './file-signature.js';

/** The fields of `fs.Stats` that identify one version of a file, as chokidar passes them. */
export interface FileStatsLike {
  readonly ino: number;
  readonly size: number;
  /** Modification time in milliseconds, with the fraction `fs.Stats.mtimeMs` carries. */
  readonly mtimeMs: number;
}

/**
 * Files the daemon has already handled: cleaned, found clean, or skipped and reported. The
 * watcher does not watch them one by one, and the intake drops their events without reading
 * them. `has` returns synchronously, because chokidar calls its `ignored` function so.
 */
export interface KnownCleanFiles {
  /** Returns true when the file at `filePath`, in the version `stats` describes, is known. */
  has(filePath: string, stats: FileStatsLike): boolean;
}

const NS_PER_SECOND = 1_000_000_000n;

/**
 * Converts a signature to the stats chokidar reports for the same version of the file. The
 * modification time is computed the way Node computes `mtimeMs` (seconds times 1000 plus
 * nanoseconds over 10^6, in doubles), so the two compare equal.
 */
export function toFileStatsLike(signature: FileSignature): FileStatsLike {
  return {
    ino: Number(BigInt(signature.ino)),
    size: signature.size,
    mtimeMs: getMtimeMs(BigInt(signature.mtimeNs)),
  };
}

function getMtimeMs(mtimeNs: bigint): number {
  let seconds = mtimeNs / NS_PER_SECOND;
  let nanoseconds = mtimeNs % NS_PER_SECOND;
  // libuv reports times before 1970 as negative seconds plus positive nanoseconds.
  if (nanoseconds < 0n) {
    seconds -= 1n;
    nanoseconds += NS_PER_SECOND;
  }
  return Number(seconds) * 1000 + Number(nanoseconds) / 1_000_000;
}

/**
 * The daemon's record of known files. Files are matched by inode, size and modification time,
 * not by path, so a file renamed inside a watched folder (even only in letter case or Unicode
 * normalisation) stays known, and any write makes it new. Lookups run in memory, because
 * chokidar's `ignored` function is synchronous. Once {@link KnownFileSet.persistTo} is called,
 * the set also contains the history's files, and {@link KnownFileSet.record} writes to it.
 */
export class KnownFileSet implements KnownCleanFiles {
  readonly #keys = new Set<string>();
  #store: KnownFileStore | null = null;
  #now: () => Date = () => new Date();

  /**
   * Loads the files recorded in the history, and from now on also stores each recorded file there.
   * Later calls do nothing.
   *
   * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be read.
   */
  persistTo(store: KnownFileStore, now: () => Date = () => new Date()): void {
    if (this.#store !== null) {
      return;
    }
    for (const version of store.list()) {
      this.add({ ...version, ctimeNs: '0' });
    }
    this.#store = store;
    this.#now = now;
  }

  /**
   * Records the version of the file at `filePath` that `signature` describes, in memory and in
   * the history when persisting. A history failure only costs one more read after a restart.
   */
  record(filePath: string, signature: FileSignature): void {
    this.add(signature);
    try {
      this.#store?.add(filePath, signature, this.#now());
    } catch {
      // NOTE: the file is then read once more after the next restart, and found clean again.
    }
  }

  /** Records the version of a file that `signature` describes, for this run only. */
  add(signature: FileSignature): void {
    this.#keys.add(getIdentityKey(toFileStatsLike(signature)));
  }

  /**
   * Records a file present when its folder was added, given as the `ino:size:mtimeNs` key
   * that `getExistingFileKey` in `folder-records.ts` builds. The folder's record in the
   * history already stores it.
   */
  addExistingFileKey(key: string): void {
    const [ino, size, mtimeNs] = key.split(':');
    if (ino === undefined || size === undefined || mtimeNs === undefined) {
      return;
    }
    this.add({ ino, size: Number(size), mtimeNs, ctimeNs: '0' });
  }

  has(_filePath: string, stats: FileStatsLike): boolean {
    return this.#keys.has(getIdentityKey(stats));
  }
}

function getIdentityKey(stats: FileStatsLike): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}
