import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { CommandRunner } from '../../shared/command-runner.js';
import { AppError } from '../../shared/errors.js';
import { formatCommandLine, type AgentPlan, type AgentStep } from './agent-plan.js';

/** One line of progress: a step done, or a failure that the plan expected and passed over. */
export interface AgentStepReport {
  readonly step: AgentStep;
  /** Set for a `run` step that failed with `failureIsExpected`: its stderr, trimmed. */
  readonly expectedFailure: string | null;
}

/**
 * Carries out a plan in order: writes files atomically with their modes, removes files, and
 * runs commands through `runner`. Calls `onStep` after each step.
 *
 * @throws AppError `E_AGENT_FAILED` when a command fails that the plan does not expect to
 *   fail; the steps after it do not run.
 */
export async function applyAgentPlan(
  plan: AgentPlan,
  runner: CommandRunner,
  onStep: (report: AgentStepReport) => void,
): Promise<void> {
  for (const step of plan) {
    onStep({ step, expectedFailure: await applyStep(step, runner) });
  }
}

async function applyStep(step: AgentStep, runner: CommandRunner): Promise<string | null> {
  switch (step.kind) {
    case 'mkdir':
      await mkdir(step.path, { recursive: true, mode: step.mode });
      return null;
    case 'write':
      await mkdir(path.dirname(step.path), { recursive: true, mode: step.dirMode });
      await writeFileAtomic(step.path, step.content, { mode: step.mode });
      // write-file-atomic keeps the mode of a file it replaces.
      await chmod(step.path, step.mode);
      return null;
    case 'remove':
      await rm(step.path, { force: true, recursive: step.recursive === true });
      return null;
    case 'run':
      return runStep(step, runner);
  }
}

async function runStep(
  step: Extract<AgentStep, { kind: 'run' }>,
  runner: CommandRunner,
): Promise<string | null> {
  const result = await runner(step.command, step.args);
  if (result.exitCode === 0) {
    return null;
  }
  const output = result.stderr.trim() || result.stdout.trim();
  if (step.failureIsExpected !== null) {
    return output;
  }
  throw new AppError(
    'E_AGENT_FAILED',
    `\`${formatCommandLine(step.command, step.args)}\` failed with exit status ${result.exitCode}: ${output || '(no output)'}. ${describeFix(step.command)}`,
  );
}

function describeFix(command: string): string {
  if (command === 'systemctl') {
    return 'Check that a systemd user session runs (`systemctl --user status`), then try again.';
  }
  return 'Check `launchctl print gui/$(id -u)` for the agent, then try again.';
}
