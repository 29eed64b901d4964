import { isDeepStrictEqual } from 'node:util';
import type { FolderConfig } from '../config/config-schema.js';

/** One folder whose settings changed between two configs. */
export interface UpdatedFolder {
  readonly previous: FolderConfig;
  readonly next: FolderConfig;
  /** The watcher must start again, because what it reports changed. */
  readonly needsRewatch: boolean;
}

/** The differences between the watched folders of two configs, matched by path. */
export interface FolderChanges {
  readonly added: readonly FolderConfig[];
  readonly removed: readonly FolderConfig[];
  readonly updated: readonly UpdatedFolder[];
}

/**
 * Compares the folders of two configs by path. A folder whose only changes are its `keep`,
 * `mode`, `output` or `existing` keeps its watcher, because jobs read those when they start.
 * A change of `recursive` changes what the watcher reports, so it needs a new watcher.
 *
 * @example
 * const changes = planFolderChanges(current.folders, next.folders);
 * changes.added.map((folder) => folder.path); // folders to start watching
 */
export function planFolderChanges(
  previous: readonly FolderConfig[],
  next: readonly FolderConfig[],
): FolderChanges {
  const previousByPath = new Map(previous.map((folder) => [folder.path, folder]));
  const nextPaths = new Set(next.map((folder) => folder.path));
  const added: FolderConfig[] = [];
  const updated: UpdatedFolder[] = [];
  for (const folder of next) {
    const before = previousByPath.get(folder.path);
    if (before === undefined) {
      added.push(folder);
    } else if (!isDeepStrictEqual(before, folder)) {
      updated.push({
        previous: before,
        next: folder,
        needsRewatch: before.recursive !== folder.recursive,
      });
    }
  }
  const removed = previous.filter((folder) => !nextPaths.has(folder.path));
  return { added, removed, updated };
}
