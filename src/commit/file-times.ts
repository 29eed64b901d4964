import type { BigIntStats } from 'node:fs';

/** Access and modification times, in seconds or as dates, as `utimes()` takes them. */
export interface FileTimes {
  readonly atime: number | Date;
  readonly mtime: number | Date;
}

/** Returns a file's access and modification times, to give to another file. */
export function getFileTimes(stats: BigIntStats): { atime: number; mtime: number } {
  // Whole seconds and the nanosecond rest are converted apart, so no more than the double's
  // sub-microsecond rounding is lost.
  const toSeconds = (ns: bigint): number =>
    Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
  return { atime: toSeconds(stats.atimeNs), mtime: toSeconds(stats.mtimeNs) };
}
