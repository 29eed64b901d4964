import { createUsageError } from '../create-usage-error.js';
import { parseOptions } from '../parse-options.js';

/** The actions of `metaclear agent`. */
export const AGENT_ACTIONS = ['install', 'uninstall', 'status'] as const;

/** The arguments of `metaclear agent`. */
export interface AgentArgs {
  readonly action: (typeof AGENT_ACTIONS)[number];
  /** Print what would be written and run, and change nothing. */
  readonly dryRun: boolean;
}

/**
 * Parses `metaclear agent install|uninstall|status [--dry-run]`.
 *
 * @throws AppError `E_USAGE` for a missing or unknown action, or `--dry-run` with `status`.
 */
export function parseAgentArgs(args: readonly string[]): AgentArgs {
  const { values, positionals } = parseOptions(args, { 'dry-run': { type: 'boolean' } }, 'agent');
  const [action, ...extra] = positionals;
  if (action === undefined) {
    throw createUsageError(
      'missing action: write `metaclear agent install`, `uninstall` or `status`.',
    );
  }
  if (!(AGENT_ACTIONS as readonly string[]).includes(action)) {
    throw createUsageError(
      `unknown action \`${action}\` for \`metaclear agent\`; use install, uninstall or status.`,
    );
  }
  if (extra.length > 0) {
    throw createUsageError(
      `\`metaclear agent ${action}\` takes no more arguments, but got \`${extra[0] ?? ''}\`.`,
    );
  }
  const dryRun = values.get('dry-run') === true;
  if (dryRun && action === 'status') {
    throw createUsageError('`metaclear agent status` changes nothing; leave out `--dry-run`.');
  }
  return { action: action as AgentArgs['action'], dryRun };
}
