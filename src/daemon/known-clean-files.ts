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
 * The daemon's in-memory record of known files for its lifetime. Files are matched by inode,
 * size and modification time, not by path, so a file renamed inside a watched folder (even
 * only in letter case or Unicode normalisation) stays known, and any write makes it new.
 */
export class MemoryKnownCleanFiles implements KnownCleanFiles {
  readonly #keys = new Set<string>();

  /** Records the version of a file that `signature` describes. */
  add(signature: FileSignature): void {
    this.#keys.add(getIdentityKey(toFileStatsLike(signature)));
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
    this.add({ ino, size: Number(size), mtimeNs, ctimeNs: '0' });
  }

  has(_filePath: string, stats: FileStatsLike): boolean {
    return this.#keys.has(getIdentityKey(stats));
  }
}

function getIdentityKey(stats: FileStatsLike): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}
