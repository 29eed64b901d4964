import path from 'node:path';
import type { CommitFileSystem } from './commit-file-system.js';
import { getFileIdentity, type CommitIntent, type CommitKind } from './commit-journal.js';
import { findFreePathExcluding } from './find-free-path.js';
import { hashBytes } from './hash-file.js';
import type { OriginalsOptions } from './originals-options.js';
import type { SourceFile } from './source-file.js';
import { createTempPath } from './temp-file.js';
import { getVaultPath } from './vault-path.js';

/** One file to commit, as `processFile` hands it over. */
export interface CommitRequest {
  readonly kind: CommitKind;
  readonly source: SourceFile;
  /** The bytes to publish: the cleaned bytes, or the source's own for `move`. */
  readonly bytes: Uint8Array;
  /** The output path before any ` (2)` numbering; the input itself for `replace`. */
  readonly output: string;
  readonly originals: OriginalsOptions;
  /** Give the published file the input's access and modification times. */
  readonly keepFileDates: boolean;
  /**
   * Extended attributes of the input that a newly written output receives too.
   * @default []
   */
  readonly keptXattrs?: readonly string[];
  /** Dates the vault folder and, without `keepFileDates`, a moved file. */
  readonly now: Date;
}

/** A commit's intent plus the unnumbered paths that name collisions are numbered from. */
export interface CommitPlan {
  readonly intent: CommitIntent;
  readonly desiredOutput: string;
  /** The vault path before numbering, or null without a vault. */
  readonly desiredVaultPath: string | null;
}

/**
 * Chooses every path a commit will create: the temp file beside the output, the first free
 * output and vault names, the vault's temp file for a copy across devices, and the staging
 * folder for the trash. Creates nothing.
 */
export async function planCommit(
  request: CommitRequest,
  fs: CommitFileSystem,
): Promise<CommitPlan> {
  const { kind, source, originals } = request;
  const input = source.path;
  const output = kind === 'replace' ? input : await findFreePathExcluding(request.output, [], fs);
  const hasVault = originals.action === 'vault' && kind !== 'move';
  const desiredVaultPath = hasVault
    ? getVaultPath(originals.vaultDir, originals.vaultRelativePath, request.now)
    : null;
  const vaultPath =
    desiredVaultPath === null ? null : await findFreePathExcluding(desiredVaultPath, [], fs);
  const intent: CommitIntent = {
    kind,
    action: originals.action,
    input,
    inputSha256: source.sha256,
    inputIdentity: getFileIdentity(source.stats),
    output,
    outputSha256: kind === 'move' ? source.sha256 : hashBytes(request.bytes),
    tempPath: createTempPath(path.dirname(output)),
    vaultPath,
    vaultTempPath:
      desiredVaultPath === null ? null : createTempPath(path.dirname(desiredVaultPath)),
    stagingDir:
      kind === 'replace' && originals.action === 'trash'
        ? createTempPath(path.dirname(input))
        : null,
    resetOutputTimes: kind === 'move' && !request.keepFileDates,
  };
  return { intent, desiredOutput: request.output, desiredVaultPath };
}
