import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** How much the vault holds. */
export interface VaultSize {
  /** Bytes of the files in the vault, each file counted once however many names it has. */
  readonly bytes: number;
  /** Files in the vault, each counted once however many names it has. */
  readonly files: number;
}

/**
 * Adds up the files under the vault folder, without following links. A file with several
 * names in the vault counts once. A missing vault has size zero.
 *
 * @example
 * const { bytes, files } = await getVaultSize('/home/ada/MetaClear/Originals');
 */
export async function getVaultSize(vaultDir: string): Promise<VaultSize> {
  const seen = new Set<string>();
  let bytes = 0;
  const folders = [vaultDir];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const entry of await readFolder(folder)) {
      const entryPath = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        folders.push(entryPath);
        continue;
      }
      if (!entry.isFile()) {
        continue;
      }
      const stats = await lstat(entryPath, { bigint: true }).catch(() => null);
      const key = stats === null ? null : `${stats.dev}:${stats.ino}`;
      if (stats === null || key === null || seen.has(key)) {
        continue;
      }
      seen.add(key);
      bytes += Number(stats.size);
    }
  }
  return { bytes, files: seen.size };
}

async function readFolder(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return [];
    }
    throw error;
  }
}
