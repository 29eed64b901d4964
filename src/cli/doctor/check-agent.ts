import type { AgentContext } from '../agent/agent-context.js';
import { getAgentStatus } from '../agent/get-agent-status.js';
import { createCheck, type DoctorCheck } from './doctor-check.js';

/**
 * Checks the login agent: installed or not, its recorded node binary and scripts still
 * present, and running. No agent is a warning, because the daemon may be run by hand.
 */
export async function checkAgent(context: AgentContext): Promise<DoctorCheck> {
  const status = await getAgentStatus(context);
  if (!status.hasServiceFile && status.record.kind === 'missing') {
    return createCheck(
      'agent',
      'warn',
      'not installed; run `metaclear agent install` to clean in the background after login.',
    );
  }
  if (status.record.kind !== 'found') {
    const reason = status.record.kind === 'invalid' ? status.record.reason : 'missing';
    return createCheck(
      'agent',
      'fail',
      `agent.json is ${reason}; run \`metaclear agent install\` again.`,
    );
  }
  if (!status.hasServiceFile) {
    return createCheck(
      'agent',
      'fail',
      `${status.serviceFile} is missing; run \`metaclear agent install\` again.`,
    );
  }
  if (status.missingPaths.length > 0) {
    return createCheck(
      'agent',
      'fail',
      `${status.missingPaths.join(', ')} no longer exists (a node upgrade removes old ` +
        'binaries); run `metaclear agent install` again with the node you use now.',
    );
  }
  if (status.service === null) {
    return createCheck(
      'agent',
      'warn',
      `installed, state unknown: ${status.unreachableReason ?? ''}`,
    );
  }
  if (!status.service.isRunning) {
    return createCheck(
      'agent',
      'fail',
      `installed but not running (${status.service.detail}); see the logs, then run ` +
        '`metaclear agent install` again.',
    );
  }
  return createCheck('agent', 'pass', `running with ${status.record.record.node}`);
}
