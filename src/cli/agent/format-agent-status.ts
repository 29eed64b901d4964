import type { AgentStatus } from './get-agent-status.js';

/** Formats `metaclear agent status` as lines of `name: value`. */
export function formatAgentStatus(status: AgentStatus): string {
  const lines = [
    `service file: ${status.serviceFile} (${status.hasServiceFile ? 'present' : 'missing'})`,
  ];
  const { record } = status;
  if (record.kind === 'found') {
    lines.push(`node: ${record.record.node}`);
    lines.push(`entry script: ${record.record.entryScript}`);
    lines.push(`installed at: ${record.record.installedAt}`);
  } else {
    lines.push(
      record.kind === 'missing'
        ? 'agent.json: missing (run `metaclear agent install`)'
        : `agent.json: invalid (${record.reason}); run \`metaclear agent install\` again`,
    );
  }
  for (const missing of status.missingPaths) {
    lines.push(`missing: ${missing} no longer exists; run \`metaclear agent install\` again`);
  }
  if (status.service === null) {
    lines.push(`service: unknown (${status.unreachableReason ?? 'no answer'})`);
  } else {
    const { service } = status;
    const pid = service.pid === null ? '' : `, pid ${service.pid}`;
    lines.push(
      `service: ${service.isRunning ? 'running' : 'not running'} (${service.detail}${pid})`,
    );
  }
  return `${lines.join('\n')}\n`;
}
