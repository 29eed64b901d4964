import path from 'node:path';
import type { ProcessFileOptions } from '../commit/process-file.js';
import type { Config } from '../config/config-schema.js';
import { applyKeepOverrides, type KeepOverrides } from '../strip/keep-policy.js';

/**
 * Builds the `processFile` options for a file given to the `clean` request: cleaned in place
 * with the top-level `keep` and the request's `keep` over it, as `metaclear clean` does
 * without `--out`. The original goes to
 * `<vault>/<date>/<watched folder's name>/<relative path>` when `folder` (its path and real path) is the watched
 * folder that contains the file, else to `<vault>/<date>/<base name>`.
 */
export function createCleanRequestOptions(
  config: Config,
  input: string,
  folder: { readonly path: string; readonly root: string } | null,
  now: Date,
  keep: KeepOverrides = {},
): ProcessFileOptions {
  const { fileDates, ...policy } = config.keep;
  const vaultRelativePath =
    folder === null
      ? path.basename(input)
      : path.join(path.basename(folder.path), path.relative(folder.root, input));
  return {
    input,
    publish: { mode: 'in-place' },
    policy: applyKeepOverrides(policy, keep),
    keepFileDates: fileDates ?? true,
    originals: {
      action: config.originals.action,
      vaultDir: config.originals.vault,
      vaultRelativePath,
    },
    maxFileBytes: config.limits.maxFileBytes,
    now,
  };
}
