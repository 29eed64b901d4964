import type { KnownFileStore, KnownFileVersion } from '../commit/history/known-file-store.js';
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
// TODO: every folder shares these versions, so a file cleaned in place and then moved into an
// output inbox stays there with no job and no copy in the output folder.
export class KnownFileSet implements KnownCleanFiles {
  /**
   * Size and `mtimeMs` pairs by inode number, flattened as `[size, mtimeMs, size, ...]`. A
   * folder of 100,000 known files is looked up once per file at every start, so the lookup
   * builds no key string, and the map stores numbers instead of 100,000 strings.
   */
  readonly #versionsByInode = new Map<number, number[]>();
  /**
   * Inodes loaded from the history that no lookup has matched and no record has added since,
   * until {@link KnownFileSet.pruneUnmatched} runs.
   */
  #unmatchedLoaded: Set<number> | null = null;
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
    const loaded = new Set<number>();
    store.forEach((version) => {
      this.addVersion(version);
      loaded.add(Number(version.ino));
    });
    this.#unmatchedLoaded = loaded;
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
    this.addVersion(signature);
  }

  /**
   * Records a version given as inode, size and nanosecond mtime, as the history stores it, for
   * this run only. Converting without BigInt keeps loading 100,000 versions cheap.
   */
  addVersion(version: KnownFileVersion): void {
    const ino = Number(version.ino);
    this.#unmatchedLoaded?.delete(ino);
    const mtimeMs = getMtimeMsFromText(version.mtimeNs);
    if (this.#hasVersion(ino, version.size, mtimeMs)) {
      return;
    }
    const versions = this.#versionsByInode.get(ino);
    if (versions === undefined) {
      this.#versionsByInode.set(ino, [version.size, mtimeMs]);
    } else {
      versions.push(version.size, mtimeMs);
    }
  }

  /**
   * Records a file present when its folder was added, given as the `ino:size:mtimeNs` key
   * that `getExistingFileKey` in `folder-records.ts` builds.
   */
  addExistingFileKey(key: string): void {
    const [ino, size, mtimeNs] = key.split(':');
    if (ino === undefined || size === undefined || mtimeNs === undefined) {
      return;
    }
    this.addVersion({ ino, size: Number(size), mtimeNs });
  }

  has(_filePath: string, stats: FileStatsLike): boolean {
    const isKnown = this.#hasVersion(stats.ino, stats.size, stats.mtimeMs);
    if (isKnown) {
      this.#unmatchedLoaded?.delete(stats.ino);
    }
    return isKnown;
  }

  /**
   * Forgets the files loaded from the history whose inode no lookup has matched since, in
   * memory and in the history, and returns how many inodes that was. Call it once every
   * watched folder has finished its initial scan, which looks up every file present: an
   * unmatched one was deleted or changed while the daemon was stopped. A file forgotten by
   * mistake, such as one in a folder that could not be listed, is only read once more. Later
   * calls do nothing.
   *
   * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be written.
   */
  pruneUnmatched(): number {
    const unmatched = this.#unmatchedLoaded;
    this.#unmatchedLoaded = null;
    if (unmatched === null || unmatched.size === 0) {
      return 0;
    }
    for (const ino of unmatched) {
      this.#versionsByInode.delete(ino);
    }
    this.#store?.deleteInodes(unmatched);
    return unmatched.size;
  }

  /** Stops tracking unmatched inodes without pruning them, as when a folder was unavailable. */
  keepUnmatched(): void {
    this.#unmatchedLoaded = null;
  }

  #hasVersion(ino: number, size: number, mtimeMs: number): boolean {
    const versions = this.#versionsByInode.get(ino);
    if (versions === undefined) {
      return false;
    }
    for (let index = 0; index < versions.length; index += 2) {
      if (versions[index] === size && versions[index + 1] === mtimeMs) {
        return true;
      }
    }
    return false;
  }
}

/**
 * Returns `mtimeMs` for a decimal nanosecond time, equal to what {@link toFileStatsLike}
 * computes. A double cannot hold the nanoseconds exactly, so times of ten or more digits are
 * split as text into seconds and nanoseconds. Shorter and negative times go through BigInt.
 */
function getMtimeMsFromText(mtimeNs: string): number {
  if (!/^\d{10,}$/.test(mtimeNs)) {
    return getMtimeMs(BigInt(mtimeNs));
  }
  const seconds = Number(mtimeNs.slice(0, -9));
  const nanoseconds = Number(mtimeNs.slice(-9));
  return seconds * 1000 + nanoseconds / 1_000_000;
}
