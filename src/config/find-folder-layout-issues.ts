import path from 'node:path';
import type { Config, FolderConfig } from './config-schema.js';

/** One problem found in a config, keyed by the path of the offending key. */
export interface ConfigIssue {
  readonly keyPath: string;
  readonly message: string;
}

/**
 * Finds folder layouts that would make the daemon loop or clean the wrong files: an output
 * folder that any watcher covers, a watched folder inside an output folder, a vault that a
 * watcher covers (the originals would be cleaned), a watched folder inside the vault, and
 * watched folders that repeat or that nest inside a recursive one. Paths must already be
 * absolute.
 */
export function findFolderLayoutIssues(config: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const vault = config.originals.vault;
  config.folders.forEach((folder, index) => {
    issues.push(...findOutputOverlaps(config, index));
    if (isWatched(vault, folder)) {
      issues.push({
        keyPath: 'originals.vault',
        message: `must be outside folders[${index}].path, or the originals would be cleaned`,
      });
    }
    if (isSameOrInside(folder.path, vault)) {
      issues.push({
        keyPath: `folders[${index}].path`,
        message: 'must be outside originals.vault, which contains the originals',
      });
    }
    issues.push(...findOverlaps(config, index));
  });
  return issues;
}

function findOutputOverlaps(config: Config, index: number): ConfigIssue[] {
  const folder = config.folders[index];
  if (folder?.mode !== 'output') {
    return [];
  }
  const issues: ConfigIssue[] = [];
  config.folders.forEach((watched, watchedIndex) => {
    if (isWatched(folder.output, watched)) {
      issues.push({
        keyPath: `folders[${index}].output`,
        message: `must be outside folders[${watchedIndex}].path, or cleaned files would be cleaned again`,
      });
    }
    if (watched.path !== folder.output && isSameOrInside(watched.path, folder.output)) {
      issues.push({
        keyPath: `folders[${watchedIndex}].path`,
        message: `must be outside folders[${index}].output, where cleaned files are published`,
      });
    }
  });
  return issues;
}

function findOverlaps(config: Config, index: number): ConfigIssue[] {
  const folder = config.folders[index];
  if (folder === undefined) {
    return [];
  }
  const issues: ConfigIssue[] = [];
  config.folders.slice(0, index).forEach((earlier, earlierIndex) => {
    const keyPath = `folders[${index}].path`;
    if (earlier.path === folder.path) {
      issues.push({ keyPath, message: `repeats folders[${earlierIndex}].path` });
    } else if (
      (earlier.recursive && isSameOrInside(folder.path, earlier.path)) ||
      (folder.recursive && isSameOrInside(earlier.path, folder.path))
    ) {
      issues.push({
        keyPath,
        message: `overlaps folders[${earlierIndex}].path, which would clean each file twice`,
      });
    }
  });
  return issues;
}

/** True when files placed in `dir` would be seen by the watcher of `folder`. */
function isWatched(dir: string, folder: FolderConfig): boolean {
  return dir === folder.path || (folder.recursive && isSameOrInside(dir, folder.path));
}

// NOTE: paths are compared as written, so on a case-insensitive file system a layout that differs
// only in letter case is not caught.
function isSameOrInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  const isOutside =
    relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return !isOutside;
}
