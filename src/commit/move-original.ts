import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory } from './fsync.js';
import type { OriginalsOptions } from './originals-options.js';
import { assertSourceUnchanged, type SourceFile } from './source-file.js';
import { storeOriginal } from './store-original.js';
import { removeFileIfPresent } from './temp-file.js';
import { trashFile } from './trash-file.js';
import { getVaultPath } from './vault-path.js';

/**
 * Takes the original away from its source path, once its cleaned version is published
 * elsewhere: into the vault (returning the vault path), to the trash, or deleted (both
 * returning null). The vault move links or copies first and unlinks the source only when the
 * vault entry is flushed, so the original always exists under one of the two names.
 *
 * @throws AppError `E_SOURCE_CHANGED` when the source is no longer the file read; it is then
 *   left where it is.
 */
export async function moveOriginal(
  source: SourceFile,
  originals: OriginalsOptions,
  now: Date,
): Promise<string | null> {
  const sourceDir = path.dirname(source.path);
  switch (originals.action) {
    case 'vault': {
      const vaultFile = getVaultPath(originals.vaultDir, originals.vaultRelativePath, now);
      const stored = await storeOriginal(source, vaultFile, originals.vaultDir);
      try {
        await assertSourceUnchanged(source);
        await unlink(source.path);
      } catch (error) {
        await removeFileIfPresent(stored);
        throw error;
      }
      await fsyncDirectory(sourceDir);
      return stored;
    }
    case 'trash':
      await assertSourceUnchanged(source);
      await trashFile(source.path);
      return null;
    case 'delete':
      await assertSourceUnchanged(source);
      await unlink(source.path);
      await fsyncDirectory(sourceDir);
      return null;
  }
}
