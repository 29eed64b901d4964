import { cleanBytes } from '../commit/clean-bytes.js';
import { AppError, isAppError } from '../shared/errors.js';
import type { CleanFileReport } from '../shared/report.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import type { CommandContext } from './command-context.js';
import { createUntouchedReport } from './create-untouched-report.js';
import { createUsageError } from './create-usage-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatCleanLine } from './format-report-line.js';
import { readStreamBytes } from './read-stream-bytes.js';
import { writeToStream } from './write-to-stream.js';

const STDIN_LABEL = '(standard input)';
const UNSUPPORTED_CODES: ReadonlySet<string> = new Set(['E_UNSUPPORTED_FORMAT']);

/**
 * Runs `metaclear clean -`: reads one image from standard input and writes the cleaned image
 * to standard output, or nothing when it cannot be cleaned. The status line goes to stderr,
 * because stdout carries the image. Resolves with the exit code.
 *
 * @throws {AppError} `E_USAGE` when standard input is a terminal.
 */
export async function runCleanStdin(
  policy: KeepPolicy,
  maxFileBytes: number,
  context: CommandContext,
): Promise<number> {
  const { io } = context;
  if (io.stdin.isTTY === true) {
    throw createUsageError(
      '`-` reads the image from standard input, which is a terminal here; pipe an image in, ' +
        'as in `metaclear clean - < photo.jpg > clean.jpg`.',
    );
  }

  let report: CleanFileReport;
  try {
    const input = await readStreamBytes(io.stdin, maxFileBytes);
    const result = await cleanBytes(input, policy);
    await writeImage(io.stdout, result.bytes);
    report = {
      input: '-',
      output: null,
      original: null,
      status: result.changed ? 'cleaned' : 'already-clean',
      removed: result.removed,
      kept: result.kept,
      code: null,
      reason: null,
    };
  } catch (error) {
    report = toFailureReport(error);
  }

  io.stderr.write(`${formatCleanLine(report, STDIN_LABEL, context.cwd).text}\n`);
  return report.status === 'failed' || report.status === 'unsupported'
    ? EXIT_CODES.fileProblem
    : EXIT_CODES.success;
}

function toFailureReport(error: unknown): CleanFileReport {
  if (!isAppError(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return createUntouchedReport('-', 'failed', 'E_INTERNAL', reason);
  }
  const status = UNSUPPORTED_CODES.has(error.code) ? 'unsupported' : 'failed';
  return createUntouchedReport('-', status, error.code, error.message);
}

async function writeImage(stdout: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  try {
    await writeToStream(stdout, bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'E_WRITE_FAILED',
      `writing the cleaned image to standard output failed (${detail}); ` +
        'check that the program reading it is still running',
      { cause: error },
    );
  }
}
