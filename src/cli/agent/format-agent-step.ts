import { formatCommandLine, type AgentStep } from './agent-plan.js';
import type { AgentStepReport } from './apply-agent-plan.js';

/** Formats a planned step for `--dry-run`, with the full text of each file to write. */
export function formatPlannedStep(step: AgentStep): string {
  switch (step.kind) {
    case 'mkdir':
      return `would create the folder ${step.path} (mode ${formatMode(step.mode)})\n`;
    case 'write': {
      const body = step.content
        .trimEnd()
        .split('\n')
        .map((line) => `    ${line}`.trimEnd())
        .join('\n');
      return `would write ${step.path} (mode ${formatMode(step.mode)}):\n${body}\n`;
    }
    case 'remove':
      return `would remove ${step.path}${step.recursive === true ? ' and everything in it' : ''}\n`;
    case 'run':
      return `would run ${formatCommandLine(step.command, step.args)}\n`;
  }
}

/** Formats a step that ran. */
export function formatDoneStep(report: AgentStepReport): string {
  const { step } = report;
  switch (step.kind) {
    case 'mkdir':
      return `created ${step.path}\n`;
    case 'write':
      return `wrote ${step.path}\n`;
    case 'remove':
      return `removed ${step.path}\n`;
    case 'run': {
      const line = formatCommandLine(step.command, step.args);
      if (report.expectedFailure === null) {
        return `ran ${line}\n`;
      }
      const output = report.expectedFailure === '' ? '' : ` (${report.expectedFailure})`;
      return `ran ${line}: failed, as expected when ${step.failureIsExpected ?? ''}${output}\n`;
    }
  }
}

function formatMode(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}
