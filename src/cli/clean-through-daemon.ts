import { isIgnoredName } from '../daemon/ignore-rules.js';
import { isAppError } from '../shared/errors.js';
import { resolveLocations } from '../shared/paths.js';
import { MAX_CLEAN_PATHS, type DaemonClient } from '../shared/protocol/index.js';
import type { CleanFileReport } from '../shared/report.js';
import type { KeepOverrides } from '../strip/keep-policy.js';
import { getKeepOverrides } from './apply-keep-flags.js';
import { collectInputs, type CollectedInput } from './collect-inputs.js';
import type { CommandContext } from './command-context.js';
import { connectToRunningDaemon } from './connect-to-running-daemon.js';
import { createUntouchedReport } from './create-untouched-report.js';
import { formatCleanLine } from './format-report-line.js';
import type { CleanArgs } from './parse-clean-args.js';

/**
 * Cleans in place through the running daemon's `clean` request, so the daemon, which owns the
 * history and the vault, does the work. Folders are walked here with the daemon's ignore
 * rules, leaving out `excludedDirs`, and the paths go in batches of at most
 * {@link MAX_CLEAN_PATHS}. Prints a line per file unless `--json` is given, and resolves with
 * the reports in command-line order. The keep flags go with each batch. Resolves with null,
 * sending nothing, when no daemon runs.
 *
 * @throws {AppError} `E_DAEMON_UNREACHABLE` when a daemon runs but does not respond, or goes
 *   away before it has cleaned every batch.
 */
export async function cleanThroughDaemon(
  args: CleanArgs,
  excludedDirs: ReadonlySet<string>,
  context: CommandContext,
): Promise<CleanFileReport[] | null> {
  const client = await connectToRunningDaemon(resolveLocations(context.env).socketPath);
  if (client === null) {
    return null;
  }

  try {
    const inputs = await collectInputs(args.paths, { isIgnoredName, excludedDirs });
    const keep = getKeepOverrides(args);
    const displayPaths = new Map(inputs.map((input) => [input.path, input.displayPath]));
    const reports: CleanFileReport[] = [];
    for (let start = 0; start < inputs.length; start += MAX_CLEAN_PATHS) {
      const batch = inputs.slice(start, start + MAX_CLEAN_PATHS);
      for (const report of await cleanBatch(client, batch, keep)) {
        reports.push(report);
        if (!args.json) {
          const displayPath = displayPaths.get(report.input) ?? report.input;
          const line = formatCleanLine(report, displayPath, context.cwd);
          context.io[line.stream].write(`${line.text}\n`);
        }
      }
    }
    return reports;
  } finally {
    await client.close();
  }
}

/**
 * Sends one batch. A rejected request (the daemon stopping, say) fails each file of the batch
 * with the daemon's code, as a file that failed in this process would.
 */
async function cleanBatch(
  client: DaemonClient,
  batch: readonly CollectedInput[],
  keep: KeepOverrides,
): Promise<readonly CleanFileReport[]> {
  const paths = batch.map((input) => input.path);
  try {
    const result = await client.request(
      'clean',
      Object.keys(keep).length === 0 ? { paths } : { paths, keep },
    );
    return result.files;
  } catch (error) {
    if (!isAppError(error) || error.code === 'E_DAEMON_UNREACHABLE') {
      throw error;
    }
    return batch.map((input) =>
      createUntouchedReport(input.path, 'failed', error.code, error.message),
    );
  }
}
