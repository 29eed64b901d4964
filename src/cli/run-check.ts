import { stat } from 'node:fs/promises';
import { checkFile } from '../commit/check-file.js';
import { isIgnoredName } from '../daemon/ignore-rules.js';
import { isAppError } from '../shared/errors.js';
import { resolveLocations } from '../shared/paths.js';
import type { CheckFileReport } from '../shared/report.js';
import type { KeepPolicy } from '../strip/keep-policy.js';
import { collectInputs, type CollectedInput } from './collect-inputs.js';
import type { CommandContext } from './command-context.js';
import type { CheckArgs } from './parse-command-line.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatCheckJson } from './format-json-report.js';
import { formatCheckLine } from './format-report-line.js';
import { formatSummary } from './format-summary.js';
import { getKeepPolicy } from './get-keep-policy.js';
import { loadCliConfig } from './load-cli-config.js';

/**
 * Runs `metaclear check`: reports the kinds of metadata in each file, walking folders like
 * `clean` does, and changes nothing. Resolves with the exit code: 0 only when every file is
 * clean.
 *
 * @throws {AppError} `E_CONFIG_INVALID` for an invalid config file.
 */
export async function runCheck(args: CheckArgs, context: CommandContext): Promise<number> {
  const config = await loadCliConfig(resolveLocations(context.env));
  const policy = getKeepPolicy(config);
  const inputs = await collectInputs(args.paths, { isIgnoredName });
  const reports: CheckFileReport[] = [];
  for (const input of inputs) {
    const report = await checkInput(input, policy);
    reports.push(report);
    if (!args.json) {
      const line = formatCheckLine(report, input.displayPath, context.cwd);
      context.io[line.stream].write(`${line.text}\n`);
    }
  }

  if (args.json) {
    context.io.stdout.write(formatCheckJson(reports));
  } else {
    const summary = formatSummary(reports.map((report) => report.status));
    if (summary !== null) {
      context.io.stderr.write(`${summary}\n`);
    }
  }
  return reports.every((report) => report.status === 'clean')
    ? EXIT_CODES.success
    : EXIT_CODES.fileProblem;
}

/**
 * Checks one input. A symbolic link given on the command line is read through when it points
 * to a file, because checking only reads. Walks still never follow links.
 */
async function checkInput(input: CollectedInput, policy: KeepPolicy): Promise<CheckFileReport> {
  switch (input.kind) {
    case 'error':
      return createCheckFailure(input.path, input.code, input.reason);
    case 'not-a-file':
      return createCheckFailure(
        input.path,
        'E_NOT_A_FILE',
        'not a regular file or folder (a FIFO, socket or device); give an image file',
      );
    case 'link':
      if (!(await isLinkToFile(input.path))) {
        return createCheckFailure(
          input.path,
          'E_NOT_A_FILE',
          'symbolic link that does not point to a file, and links to folders are never ' +
            'followed; give the file or folder itself',
        );
      }
      break;
    case 'file':
      break;
  }
  try {
    return await checkFile(input.path, policy);
  } catch (error) {
    const code = isAppError(error) ? error.code : 'E_INTERNAL';
    return createCheckFailure(
      input.path,
      code,
      error instanceof Error ? error.message : String(error),
    );
  }
}

async function isLinkToFile(linkPath: string): Promise<boolean> {
  try {
    return (await stat(linkPath)).isFile();
  } catch {
    return false;
  }
}

function createCheckFailure(input: string, code: string, reason: string): CheckFileReport {
  return { input, status: 'failed', found: [], kept: [], code, reason };
}
