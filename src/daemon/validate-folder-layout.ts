import type { Config } from '../config/config-schema.js';
import { findFolderLayoutIssues } from '../config/find-folder-layout-issues.js';
import { AppError } from '../shared/errors.js';

/**
 * Rejects a folder layout on which the daemon would clean its own output or the originals.
 * `loadConfig` already runs the same checks; this guards configs built in code.
 *
 * @throws AppError `E_CONFIG_INVALID` naming each offending key by its path.
 */
export function validateFolderLayout(config: Config): void {
  const issues = findFolderLayoutIssues(config);
  if (issues.length === 0) {
    return;
  }
  const details = issues.map((issue) => `${issue.keyPath}: ${issue.message}`).join('; ');
  throw new AppError('E_CONFIG_INVALID', `Invalid folder layout: ${details}. Fix these keys.`);
}
