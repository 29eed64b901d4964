import type { AgentContext } from './agent-context.js';
import type { AgentPlan } from './agent-plan.js';
import { LAUNCH_AGENT_LABEL, SYSTEMD_UNIT_NAME, getAgentPaths } from './agent-paths.js';

/**
 * Plans `metaclear agent uninstall`: stop and unload the agent, then remove the service file
 * and `<state>/agent.json`. A failed `launchctl` or `systemctl` call does not stop the plan,
 * because the files must go even when the service manager is not running.
 *
 * @throws AppError `E_AGENT_FAILED` on a platform without a login agent.
 */
export function planAgentUninstall(context: AgentContext): AgentPlan {
  const paths = getAgentPaths(context);
  if (context.platform === 'darwin') {
    return [
      {
        kind: 'run',
        command: 'launchctl',
        args: ['bootout', `gui/${context.uid}/${LAUNCH_AGENT_LABEL}`],
        failureIsExpected: 'the agent was not loaded',
      },
      { kind: 'remove', path: paths.serviceFile },
      { kind: 'remove', path: paths.agentRecord },
    ];
  }
  return [
    {
      kind: 'run',
      command: 'systemctl',
      args: ['--user', 'disable', '--now', SYSTEMD_UNIT_NAME],
      failureIsExpected: 'the unit was not installed',
    },
    { kind: 'remove', path: paths.serviceFile },
    {
      kind: 'run',
      command: 'systemctl',
      args: ['--user', 'daemon-reload'],
      failureIsExpected: 'systemd forgets the removed unit at its next start',
    },
    { kind: 'remove', path: paths.agentRecord },
  ];
}
