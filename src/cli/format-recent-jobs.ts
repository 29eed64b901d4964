import type { RecentJob } from '../shared/protocol/index.js';
import { describeKinds } from './describe-kinds.js';
import type { DisplayContext } from './display-context.js';
import { formatHomePath } from './format-home-path.js';
import { formatLocalTime } from './format-local-time.js';
import { removePathPrefix } from './remove-path-prefix.js';

/**
 * Formats recent jobs, newest first as the daemon sends them, two lines each: when, outcome
 * and paths, then what was removed or why it failed, with the job id for `metaclear revert`.
 */
export function formatRecentJobs(jobs: readonly RecentJob[], context: DisplayContext): string {
  if (jobs.length === 0) {
    return 'No files cleaned yet.\n';
  }
  const times = jobs.map((job) =>
    job.finishedAt === null ? '' : formatLocalTime(job.finishedAt, context.now),
  );
  const outcomes = jobs.map(describeOutcome);
  const timeWidth = Math.max(...times.map((time) => time.length));
  const outcomeWidth = Math.max(...outcomes.map((outcome) => outcome.length));
  const lines: string[] = [];
  for (const [index, job] of jobs.entries()) {
    const head = `${(times[index] ?? '').padEnd(timeWidth)}  ${(outcomes[index] ?? '').padEnd(outcomeWidth)}`;
    lines.push(`${head}  ${describePaths(job, context)}`);
    lines.push(`${' '.repeat(timeWidth + 2)}${describeDetails(job)}`);
  }
  const hasRevertible = jobs.some((job) => job.revertible);
  if (hasRevertible) {
    lines.push('', 'Run `metaclear revert JOB_ID` to put an original back.');
  }
  return `${lines.join('\n')}\n`;
}

/** Describes the job's outcome: the clean result once committed, else its lifecycle state. */
function describeOutcome(job: RecentJob): string {
  if (job.status === 'committed' && job.result !== null) {
    return job.result.replace('-', ' ');
  }
  return job.status === 'attention' ? 'needs attention' : job.status;
}

function describePaths(job: RecentJob, context: DisplayContext): string {
  const input = formatHomePath(job.input, context.home);
  if (job.output === null || job.output === job.input) {
    return input;
  }
  return `${input} -> ${formatHomePath(job.output, context.home)}`;
}

function describeDetails(job: RecentJob): string {
  const details: string[] = [];
  if (job.removed.length > 0) {
    details.push(`removed ${describeKinds(job.removed)}`);
  }
  if (job.reason !== null) {
    const code = job.code === null ? '' : ` (${job.code})`;
    details.push(`${removePathPrefix(job.reason, job.input)}${code}`);
  }
  details.push(`job ${job.jobId}`);
  return details.join(' · ');
}
