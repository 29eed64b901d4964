import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config-schema.js';

/**
 * Returns the folders no watcher may report files from: the vault and every output folder,
 * each as written and as its real path. The config check compares paths as written, so a
 * vault reached through a link into a watched folder passes it, and only the real path
 * keeps the watcher out. A folder that does not exist yet is resolved through its nearest
 * existing parent.
 */
export async function resolveExcludedPaths(config: Config): Promise<string[]> {
  const written = [
    config.originals.vault,
    ...config.folders.flatMap((folder) => (folder.mode === 'output' ? [folder.output] : [])),
  ];
  const resolved = await Promise.all(written.map(resolveRealPath));
  return [...new Set([...written, ...resolved])];
}

/** Resolves the real path of `target`, or of its nearest existing parent plus the rest. */
async function resolveRealPath(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) {
        return target;
      }
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
