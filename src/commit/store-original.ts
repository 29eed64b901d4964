import path from 'node:path';
import type { CommitContext } from './commit-context.js';
import { copyOriginal } from './copy-original.js';
import { fsyncDirectory, fsyncFile } from './fsync.js';
import { isLinkUnsupported, linkToFreePath } from './link-to-free-path.js';
import { createRecordedPath, type RecordedPath } from './recorded-path.js';
import { assertSourceUnchanged, type SourceFile } from './source-file.js';
import { removeFileIfPresent } from './temp-file.js';
import { createVaultFolders } from './vault-path.js';

/** The vault destination of one original. */
export interface VaultTarget {
  /** The vault folder. */
  readonly vaultDir: string;
  /** The original's vault path before any ` (2)` numbering. */
  readonly desiredPath: string;
  /** The first path to try, already recorded in the journal. */
  readonly plannedPath: string;
  /** The hidden temp file in the vault for a copy across devices, already recorded. */
  readonly tempPath: string;
}

/**
 * Puts the original into the vault, leaving the source in place, and returns the vault path.
 * On the same device the vault entry is a hard link to the source. On another device it is a
 * copy whose SHA-256 must match the bytes read. Either way the entry and its folder are flushed
 * to disk before this returns, so the caller may then replace or remove the source. A name
 * taken meanwhile gets ` (2)`, ` (3)`..., each recorded in the journal before it is used.
 *
 * @throws AppError `E_SOURCE_CHANGED` when the file is no longer the one read. What this wrote
 *   is left for the caller's rollback, which finds it through the journal.
 */
export async function storeOriginal(
  source: SourceFile,
  target: VaultTarget,
  context: Pick<CommitContext, 'fs' | 'journal'>,
): Promise<string> {
  const { fs, journal } = context;
  await createVaultFolders(target.desiredPath, target.vaultDir, fs);
  const recorded = createRecordedPath(target.plannedPath, (vaultPath) =>
    journal.recordPaths({ vaultPath }),
  );
  let stored: string;
  try {
    stored = await linkToFreePath(source.path, target.desiredPath, { fs, recorded });
  } catch (error) {
    if (!isLinkUnsupported(error)) {
      throw error;
    }
    stored = await copyToVault(source, target, recorded, fs);
    await fsyncDirectory(path.dirname(stored), fs);
    return stored;
  }
  // The link names whatever file sits at the source path now; it must be the one read.
  await assertSourceUnchanged({ path: stored, stats: source.stats }, fs);
  await fsyncFile(stored, fs);
  await fsyncDirectory(path.dirname(stored), fs);
  return stored;
}

async function copyToVault(
  source: SourceFile,
  target: VaultTarget,
  recorded: RecordedPath,
  fs: CommitContext['fs'],
): Promise<string> {
  await copyOriginal(source, target.tempPath, 'to the vault', fs);
  const stored = await linkToFreePath(target.tempPath, target.desiredPath, {
    fs,
    recorded,
    renameIfUnsupported: true,
  });
  await removeFileIfPresent(target.tempPath, fs);
  return stored;
}
