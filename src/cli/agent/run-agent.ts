import type { CommandContext } from '../command-context.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { AgentContext } from './agent-context.js';
import type { AgentPlan } from './agent-plan.js';
import { applyAgentPlan } from './apply-agent-plan.js';
import { formatAgentStatus } from './format-agent-status.js';
import { formatDoneStep, formatPlannedStep } from './format-agent-step.js';
import { getAgentStatus } from './get-agent-status.js';
import type { AgentArgs } from './parse-agent-args.js';
import { planAgentInstall } from './plan-agent-install.js';
import { planAgentUninstall } from './plan-agent-uninstall.js';

/**
 * Runs `metaclear agent install|uninstall|status`. Install and uninstall print each step;
 * with `--dry-run` they print the steps with the full file contents and change nothing.
 * Status exits 0 when the agent is installed and running, else 1.
 *
 * @throws AppError `E_AGENT_FAILED` when launchctl or systemctl fails.
 */
export async function runAgent(
  args: AgentArgs,
  command: CommandContext,
  agent: AgentContext,
): Promise<number> {
  const { stdout } = command.io;
  if (args.action === 'status') {
    const status = await getAgentStatus(agent);
    stdout.write(formatAgentStatus(status));
    const isHealthy =
      status.hasServiceFile &&
      status.service?.isRunning === true &&
      status.missingPaths.length === 0;
    return isHealthy ? EXIT_CODES.success : EXIT_CODES.fileProblem;
  }

  const plan =
    args.action === 'install'
      ? await planAgentInstall(agent, new Date())
      : planAgentUninstall(agent);
  if (args.dryRun) {
    stdout.write('Dry run: nothing is written, removed or run.\n');
    printPlan(plan, (text) => stdout.write(text));
    return EXIT_CODES.success;
  }
  await applyAgentPlan(plan, agent.runner, (report) => stdout.write(formatDoneStep(report)));
  stdout.write(
    args.action === 'install'
      ? `The login agent is installed and runs ${agent.node}. Check it with \`metaclear doctor\`.\n`
      : 'The login agent is removed. The config, history and originals are kept.\n',
  );
  return EXIT_CODES.success;
}

function printPlan(plan: AgentPlan, write: (text: string) => void): void {
  for (const step of plan) {
    write(formatPlannedStep(step));
  }
}
