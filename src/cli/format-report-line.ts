import type { CheckFileReport, CleanFileReport } from '../shared/report.js';
import { describeKinds } from './describe-kinds.js';
import { formatDisplayPath } from './format-display-path.js';

/** One line of human output and the stream it belongs on. */
export interface ReportLine {
  /** Problems (failed, unsupported, skipped) go to stderr, results to stdout. */
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

const STATUS_WIDTH = 'already clean'.length + 2;

/**
 * Formats one `clean` result as `status  path[ -> output]: removed ...; kept ...`, or with
 * the reason and code for a file that was not cleaned.
 */
export function formatCleanLine(
  report: CleanFileReport,
  displayPath: string,
  cwd: string,
): ReportLine {
  const displayedInput = formatDisplayPath(displayPath, cwd);
  if (report.status !== 'cleaned' && report.status !== 'already-clean') {
    return formatProblemLine(report, displayedInput);
  }

  const status = report.status === 'cleaned' ? 'cleaned' : 'already clean';
  const isCopy = report.output !== null && report.output !== report.input;
  const target = isCopy ? ` -> ${formatDisplayPath(report.output, cwd)}` : '';
  const details: string[] = [];
  if (report.removed.length > 0) {
    details.push(`removed ${describeKinds(report.removed)}`);
  }
  if (report.kept.length > 0) {
    details.push(`kept ${describeKinds(report.kept)}`);
  }
  if (report.original !== null) {
    details.push(`original moved to ${formatDisplayPath(report.original, cwd)}`);
  }
  // A cleaned file carries a code when the trash refused its original.
  if (report.code !== null) {
    details.push(`${report.reason ?? ''} (${report.code})`);
  }
  const suffix = details.length > 0 ? `: ${details.join('; ')}` : '';
  return {
    stream: 'stdout',
    text: `${status.padEnd(STATUS_WIDTH)}${displayedInput}${target}${suffix}`,
  };
}

/** Formats one `check` result as `status  path: kinds found (kept ...)`. */
export function formatCheckLine(
  report: CheckFileReport,
  displayPath: string,
  cwd: string,
): ReportLine {
  const displayedInput = formatDisplayPath(displayPath, cwd);
  if (report.status === 'unsupported' || report.status === 'failed') {
    return formatProblemLine(report, displayedInput);
  }

  const status = report.status === 'clean' ? 'clean' : 'has metadata';
  const details: string[] = [];
  if (report.found.length > 0) {
    details.push(describeKinds(report.found));
  }
  if (report.kept.length > 0) {
    details.push(`kept ${describeKinds(report.kept)}`);
  }
  const suffix = details.length > 0 ? `: ${details.join('; ')}` : '';
  return { stream: 'stdout', text: `${status.padEnd(STATUS_WIDTH)}${displayedInput}${suffix}` };
}

function formatProblemLine(
  report: CleanFileReport | CheckFileReport,
  displayedInput: string,
): ReportLine {
  const reason = report.reason === null ? null : removePathPrefix(report.reason, report.input);
  const because = reason === null ? '' : `: ${reason}`;
  const codeSuffix = report.code === null ? '' : ` (${report.code})`;
  const text = `${report.status.padEnd(STATUS_WIDTH)}${displayedInput}${because}${codeSuffix}`;
  return { stream: 'stderr', text };
}

/** Drops a leading `<input>: ` from a reason, because the line already shows the path. */
function removePathPrefix(reason: string, input: string): string {
  const prefix = `${input}: `;
  return reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
}
