import path from 'node:path';
import type { ProcessFileOptions, Publish } from '../commit/process-file.js';
import { resolveFolderKeep } from '../config/resolve-folder-keep.js';
import type { Config, FolderConfig } from '../config/config-schema.js';

/** A file reported by a watched folder, with the folder and config it belongs to. */
export interface WatchedFile {
  readonly config: Config;
  readonly folder: FolderConfig;
  /** The folder's real path, which the watcher reports files under. */
  readonly root: string;
  /** An absolute path inside `root`. */
  readonly input: string;
}

/**
 * Builds the `processFile` options for a file in a watched folder. An output folder publishes
 * to `<output>/<relative path>`, an in-place folder replaces the file, and the original goes
 * to `<vault>/<date>/<watched folder's name>/<relative path>`.
 *
 * @example
 * // input '/home/ada/To Clean/trip/a.jpg' in an output folder writing to '/home/ada/Cleaned'
 * // publish: { mode: 'output', outputPath: '/home/ada/Cleaned/trip/a.jpg' }
 * // originals.vaultRelativePath: 'To Clean/trip/a.jpg'
 */
export function createProcessFileOptions(file: WatchedFile, now: Date): ProcessFileOptions {
  const { config, folder } = file;
  const relativePath = path.relative(file.root, file.input);
  const { fileDates, ...policy } = resolveFolderKeep(config, folder);
  const publish: Publish =
    folder.mode === 'output'
      ? { mode: 'output', outputPath: path.join(folder.output, relativePath) }
      : { mode: 'in-place' };
  return {
    input: file.input,
    publish,
    policy,
    keepFileDates: fileDates,
    originals: {
      action: config.originals.action,
      vaultDir: config.originals.vault,
      vaultRelativePath: path.join(path.basename(folder.path), relativePath),
    },
    maxFileBytes: config.limits.maxFileBytes,
    now,
  };
}
