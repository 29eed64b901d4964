import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { AgentContext } from './agent-context.js';

/** launchd label of the LaunchAgent, also the base name of its plist. */
export const LAUNCH_AGENT_LABEL = 'org.metaclear.daemon';

/** Name of the systemd user unit. */
export const SYSTEMD_UNIT_NAME = 'metaclear.service';

/** Name of the record that `agent install` writes in the state dir. */
export const AGENT_RECORD_NAME = 'agent.json';

/** The files that make up the login agent on this machine. */
export interface AgentPaths {
  /** The service manager's file: the LaunchAgent plist or the systemd unit. */
  readonly serviceFile: string;
  /** The template in the package that `serviceFile` is rendered from. */
  readonly template: string;
  /** The sandbox profile (macOS only). */
  readonly sandboxProfile: string | null;
  /** `bin/metaclear.js` of this package, which the agent runs with `node`. */
  readonly entryScript: string;
  /** `<state>/agent.json`. */
  readonly agentRecord: string;
}

/**
 * Returns where the agent's files go: `~/Library/LaunchAgents/<label>.plist` on macOS and
 * `$XDG_CONFIG_HOME/systemd/user/metaclear.service` on Linux.
 *
 * @throws AppError `E_AGENT_FAILED` on a platform other than macOS and Linux.
 */
export function getAgentPaths(context: AgentContext): AgentPaths {
  if (context.platform !== 'darwin' && context.platform !== 'linux') {
    throw new AppError(
      'E_AGENT_FAILED',
      `MetaClear has no login agent for ${context.platform}; run \`metaclear daemon\` yourself.`,
    );
  }
  const entryScript = path.join(context.packageRoot, 'bin', 'metaclear.js');
  const agentRecord = path.join(context.locations.stateDir, AGENT_RECORD_NAME);
  if (context.platform === 'darwin') {
    return {
      serviceFile: path.join(
        context.homeDir,
        'Library',
        'LaunchAgents',
        `${LAUNCH_AGENT_LABEL}.plist`,
      ),
      template: path.join(context.packageRoot, 'launchd', `${LAUNCH_AGENT_LABEL}.plist`),
      sandboxProfile: path.join(context.packageRoot, 'launchd', 'metaclear.sb'),
      entryScript,
      agentRecord,
    };
  }
  const configured = context.env.XDG_CONFIG_HOME;
  const configHome =
    configured !== undefined && path.isAbsolute(configured)
      ? configured
      : path.join(context.homeDir, '.config');
  return {
    serviceFile: path.join(configHome, 'systemd', 'user', SYSTEMD_UNIT_NAME),
    template: path.join(context.packageRoot, 'systemd', SYSTEMD_UNIT_NAME),
    sandboxProfile: null,
    entryScript,
    agentRecord,
  };
}
