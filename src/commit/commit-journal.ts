import type { BigIntStats } from 'node:fs';
import type { OriginalsOptions } from './originals-options.js';

/**
 * The kind of file change a journaled commit makes:
 * - `replace`: the cleaned bytes replace the input (an in-place folder or `metaclear clean`).
 * - `publish`: the cleaned bytes become a new file at `output`, and the input leaves its folder
 *   (an output folder).
 * - `move`: the input needs no cleaning and moves to `output` as it is (an output folder).
 */
export type CommitKind = 'replace' | 'publish' | 'move';

/**
 * The identity of one version of a file: device, inode, size and modification time. Numbers
 * that may pass 2^53 are decimal strings.
 */
export interface FileIdentity {
  readonly dev: string;
  readonly ino: string;
  readonly size: number;
  readonly mtimeNs: string;
}

/**
 * Everything a journaled commit is about to do, recorded durably before it writes anything, so
 * that a later start can finish it or roll it back from this record and the disk alone.
 */
export interface CommitIntent {
  readonly kind: CommitKind;
  /** The fate of the original. A `move` commit removes the input once `output` has its bytes. */
  readonly action: OriginalsOptions['action'];
  /** The file read, an absolute path. */
  readonly input: string;
  readonly inputSha256: string;
  /** The input as it was read; the commit touches it only while it still matches. */
  readonly inputIdentity: FileIdentity;
  /** The path of the published file: the input itself for `replace`. */
  readonly output: string;
  /** Hex SHA-256 of the bytes to publish; the input's own for `move`. */
  readonly outputSha256: string;
  /** The hidden temp file beside `output` that the bytes are written to first. */
  readonly tempPath: string;
  /** The original's path in the vault, or null unless `action` is `vault`. */
  readonly vaultPath: string | null;
  /** The hidden temp file in the vault for a copy across devices; null without a vault. */
  readonly vaultTempPath: string | null;
  /**
   * The hidden folder beside the input that keeps a second name of the original until the
   * original goes to the trash. Set only for `replace` with `action: 'trash'`.
   */
  readonly stagingDir: string | null;
  /** Give a moved file the commit time, because its dates are not kept. */
  readonly resetOutputTimes: boolean;
}

/** The files a finished commit left on disk. */
export interface CommittedFiles {
  /** The published file's path. */
  readonly output: string;
  /** The vault path of the original, or null without a vault. */
  readonly original: string | null;
  /** The published file as the commit left it, or null when it could not be read. */
  readonly outputIdentity: FileIdentity | null;
  /**
   * The original that `action: 'trash'` could not move to the trash, set only then: where it
   * is kept, and why the move failed. The commit's intent then stays in the journal, so the
   * next start tries the trash again.
   */
  readonly untrashedOriginal?: { readonly path: string; readonly error: unknown };
}

/** The outcome of a rolled-back commit. */
export interface RolledBackCommit {
  /** The stable error code of the failure that stopped the commit. */
  readonly code: string;
  readonly reason: string;
  /**
   * A vault copy that was kept because it is the only copy left of the original (the input
   * was changed or removed meanwhile), else null.
   */
  readonly original: string | null;
}

/**
 * The durable record of one commit. Each method returns once the record is stored, and throws
 * when it cannot be, so the commit stops before touching a file the record does not cover.
 * The two records that file operations follow resolve only once they are flushed to disk.
 */
export interface CommitJournal {
  /** Records the plan before any file is written. */
  recordIntent(intent: CommitIntent): Promise<void>;
  /** Records a new `output` or `vaultPath` chosen after a name collision, before it is used. */
  recordPaths(paths: { readonly output?: string; readonly vaultPath?: string }): Promise<void>;
  recordCommitted(files: CommittedFiles): void;
  recordRolledBack(rollBack: RolledBackCommit): void;
}

/** A journal that records nothing, for commits outside the history (tests, one-off tools). */
export const NO_JOURNAL: CommitJournal = Object.freeze({
  recordIntent: () => Promise.resolve(),
  recordPaths: () => Promise.resolve(),
  recordCommitted: () => undefined,
  recordRolledBack: () => undefined,
});

/** Returns the {@link FileIdentity} of `lstat` results. */
export function getFileIdentity(stats: BigIntStats): FileIdentity {
  return {
    dev: stats.dev.toString(),
    ino: stats.ino.toString(),
    size: Number(stats.size),
    mtimeNs: stats.mtimeNs.toString(),
  };
}

/** Returns true when `stats` describe the version of the file that `identity` records. */
export function isSameIdentity(identity: FileIdentity, stats: BigIntStats): boolean {
  return (
    identity.dev === stats.dev.toString() &&
    identity.ino === stats.ino.toString() &&
    identity.size === Number(stats.size) &&
    identity.mtimeNs === stats.mtimeNs.toString()
  );
}
