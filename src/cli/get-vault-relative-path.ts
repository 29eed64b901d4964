import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FolderConfig } from '../config/config-schema.js';

/**
 * Returns where the original of `filePath` goes below the vault's dated folder:
 * `<watched folder name>/<relative path>` when the file lies in a watched folder of the config
 * (the innermost one), else its base name. Both sides are compared as real paths, so a link in
 * a parent folder, such as macOS's `/tmp`, does not hide the match.
 */
export async function getVaultRelativePath(
  filePath: string,
  folders: readonly FolderConfig[],
): Promise<string> {
  const baseName = path.basename(filePath);
  const realDir = await getRealPath(path.dirname(path.resolve(filePath)));
  let best: { readonly name: string; readonly relativeDir: string; readonly depth: number } | null =
    null;

  for (const folder of folders) {
    const realFolder = await getRealPath(folder.path);
    const relativeDir = path.relative(realFolder, realDir);
    const isInside =
      relativeDir === '' ||
      (!relativeDir.startsWith(`..${path.sep}`) &&
        relativeDir !== '..' &&
        !path.isAbsolute(relativeDir));
    const depth = realFolder.length;
    if (isInside && (best === null || depth > best.depth)) {
      best = { name: path.basename(folder.path), relativeDir, depth };
    }
  }
  return best === null ? baseName : path.join(best.name, best.relativeDir, baseName);
}

/** Returns the real path, or the resolved path when it does not exist (yet). */
async function getRealPath(filePath: string): Promise<string> {
  try {
    return await realpath(filePath);
  } catch {
    return path.resolve(filePath);
  }
}
