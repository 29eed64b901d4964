import path from 'node:path';
import type * as z from 'zod';
import { AppError } from '../shared/errors.js';
import { expandHome } from '../shared/paths.js';
import { configSchema, type Config, type FolderConfig } from './config-schema.js';
import { findFolderLayoutIssues, type ConfigIssue } from './find-folder-layout-issues.js';
import { formatKeyPath } from './format-key-path.js';

/**
 * Validates a parsed `config.json`, fills in defaults and expands `~` in every path to
 * `homeDir`. `source` names the config in error messages.
 *
 * @throws AppError `E_CONFIG_INVALID` naming each invalid key by its path, such as
 *   `folders[0].mode`, and what it allows.
 */
export function parseConfig(value: unknown, homeDir: string, source: string): Config {
  const parsed = configSchema.safeParse(value, { error: describeMissingKey });
  if (!parsed.success) {
    throw createInvalidConfigError(source, parsed.error.issues.flatMap(toConfigIssues));
  }
  const config = expandConfigPaths(parsed.data, homeDir);
  const layoutIssues = findFolderLayoutIssues(config);
  if (layoutIssues.length > 0) {
    throw createInvalidConfigError(source, layoutIssues);
  }
  return config;
}

/** Words a missing key's issue as "is required"; other issues keep zod's message. */
function describeMissingKey(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `is required (${issue.expected})`;
  }
  return undefined;
}

function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      keyPath: formatKeyPath([...issue.path, key]),
      message: 'is not a known key (remove it or correct its spelling)',
    }));
  }
  return [{ keyPath: formatKeyPath(issue.path), message: issue.message }];
}

function createInvalidConfigError(source: string, issues: readonly ConfigIssue[]): AppError {
  const details = issues.map((issue) => `${issue.keyPath}: ${issue.message}`).join('; ');
  return new AppError(
    'E_CONFIG_INVALID',
    `Invalid config ${source}: ${details}. Fix these keys, or delete the file to get the defaults.`,
    { path: source },
  );
}

function expandConfigPaths(config: Config, homeDir: string): Config {
  const expand = (filePath: string): string => path.resolve(expandHome(filePath, homeDir));
  const folders = config.folders.map((folder): FolderConfig => {
    if (folder.mode === 'output') {
      return { ...folder, path: expand(folder.path), output: expand(folder.output) };
    }
    return { ...folder, path: expand(folder.path) };
  });
  return {
    ...config,
    folders,
    originals: { ...config.originals, vault: expand(config.originals.vault) },
  };
}
