import path from 'node:path';
import type { Config, FolderConfig } from '../config/config-schema.js';
import { findFolderLayoutIssues, type ConfigIssue } from '../config/find-folder-layout-issues.js';
import { AppError } from '../shared/errors.js';

/**
 * Rejects a folder layout on which the daemon would clean its own output or the originals. It
 * runs the config's own layout checks, and also rejects an output folder that any other folder
 * watches and a watched folder inside any output folder.
 *
 * @throws AppError `E_CONFIG_INVALID` naming each offending key by its path.
 */
export function validateFolderLayout(config: Config): void {
  const issues = [...findFolderLayoutIssues(config), ...findOutputOverlaps(config)];
  if (issues.length === 0) {
    return;
  }
  const details = issues.map((issue) => `${issue.keyPath}: ${issue.message}`).join('; ');
  throw new AppError('E_CONFIG_INVALID', `Invalid folder layout: ${details}. Fix these keys.`);
}

function findOutputOverlaps(config: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  config.folders.forEach((folder, index) => {
    if (folder.mode !== 'output') {
      return;
    }
    config.folders.forEach((watched, watchedIndex) => {
      if (watchedIndex !== index && isWatched(folder.output, watched)) {
        issues.push({
          keyPath: `folders[${index}].output`,
          message: `must be outside folders[${watchedIndex}].path, or cleaned files would be cleaned again`,
        });
      }
      if (isSameOrInside(watched.path, folder.output)) {
        issues.push({
          keyPath: `folders[${watchedIndex}].path`,
          message: `must be outside folders[${index}].output, where cleaned files are published`,
        });
      }
    });
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
  return !(relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative));
}
