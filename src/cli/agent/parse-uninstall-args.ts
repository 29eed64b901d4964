import { createUsageError } from '../create-usage-error.js';
import { parseOptions } from '../parse-options.js';

/** The arguments of `metaclear uninstall`. */
export interface UninstallArgs {
  /** Print what would be removed and run, and change nothing. */
  readonly dryRun: boolean;
}

/**
 * Parses `metaclear uninstall [--dry-run]`.
 *
 * @throws AppError `E_USAGE` for a PATH or an unknown option.
 */
export function parseUninstallArgs(args: readonly string[]): UninstallArgs {
  const { values, positionals } = parseOptions(
    args,
    { 'dry-run': { type: 'boolean' } },
    'uninstall',
  );
  if (positionals.length > 0) {
    throw createUsageError(
      `\`metaclear uninstall\` takes no arguments, but got \`${positionals[0] ?? ''}\`.`,
    );
  }
  return { dryRun: values.get('dry-run') === true };
}
