import { COMMIT_STEPS, isCommitStep, type CommitStepHook } from '../commit/commit-steps.js';
import { AppError } from '../shared/errors.js';

/** The environment variable that injects a fault, for crash tests. */
export const FAULT_VARIABLE = 'METACLEAR_FAULT';

/**
 * Reads `METACLEAR_FAULT=crash:<step>` and returns a commit step hook that kills this process
 * with SIGKILL right after that step of the first commit that reaches it, the way a power cut
 * or `kill -9` would stop it. Returns undefined when the variable is unset or empty.
 *
 * @throws AppError `E_USAGE` for any other value, naming the valid steps.
 */
export function parseFaultInjection(value: string | undefined): CommitStepHook | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const step = value.startsWith('crash:') ? value.slice('crash:'.length) : '';
  if (!isCommitStep(step)) {
    throw new AppError(
      'E_USAGE',
      `${FAULT_VARIABLE} must be crash:<step> with a step of ${COMMIT_STEPS.join(', ')}; received ${JSON.stringify(value)}. Unset it to run normally.`,
    );
  }
  return (reached) => {
    if (reached === step) {
      process.kill(process.pid, 'SIGKILL');
    }
  };
}
