import { realpath } from 'node:fs/promises';
import { findFreePath } from '../commit/find-free-path.js';
import { openHistory } from '../commit/history/open-history.js';
import { FAULT_VARIABLE, parseFaultInjection } from '../daemon/fault-injection.js';
import { isIgnoredName } from '../daemon/ignore-rules.js';
import { resolveLocations } from '../shared/paths.js';
import type { CleanFileReport } from '../shared/report.js';
import { applyKeepFlags } from './apply-keep-flags.js';
import { cleanInput, type CleanBatch } from './clean-input.js';
import { cleanThroughDaemon } from './clean-through-daemon.js';
import { collectInputs } from './collect-inputs.js';
import type { CommandContext } from './command-context.js';
import { EXIT_CODES } from './exit-codes.js';
import { formatCleanJson } from './format-json-report.js';
import { formatCleanLine } from './format-report-line.js';
import { formatSummary } from './format-summary.js';
import { getKeepPolicy } from './get-keep-policy.js';
import { loadCliConfig } from './load-cli-config.js';
import { OutputNamer } from './output-namer.js';
import type { CleanArgs } from './parse-clean-args.js';
import { prepareOutDir } from './prepare-out-dir.js';
import { runCleanStdin } from './run-clean-stdin.js';

/**
 * Runs `metaclear clean`: cleans every file into `--out` or in place, files one after another
 * in command-line order, and prints a line per file or the `--json` report.
 * Resolves with the exit code. In place, each commit is journaled in the history, like the
 * daemon's, and each file is locked there while it is cleaned.
 *
 * @throws {AppError} `E_CONFIG_INVALID` for an invalid config file, `E_USAGE` for an `--out`
 *   that is not a folder.
 */
export async function runClean(args: CleanArgs, context: CommandContext): Promise<number> {
  const locations = resolveLocations(context.env);
  const config = await loadCliConfig(locations);
  const policy = applyKeepFlags(getKeepPolicy(config), args);
  if (args.paths.length === 1 && args.paths[0] === '-') {
    return runCleanStdin(policy, config.limits.maxFileBytes, context);
  }

  const outDir = args.outDir === null ? null : await prepareOutDir(args.outDir);
  const onCommitStep = parseFaultInjection(context.env[FAULT_VARIABLE]);
  const history = outDir === null ? openHistory(locations.stateDir) : null;
  const batch: CleanBatch = {
    policy,
    keepFileDates: config.keep.fileDates ?? outDir === null,
    originals: { action: config.originals.action, vaultDir: config.originals.vault },
    folders: config.folders,
    maxFileBytes: config.limits.maxFileBytes,
    out: outDir === null ? null : { dir: outDir, namer: new OutputNamer(findFreePath) },
    history,
    ...(onCommitStep === undefined ? {} : { onCommitStep }),
  };
  try {
    return await cleanInputs(args, batch, context);
  } finally {
    history?.close();
  }
}

async function cleanInputs(
  args: CleanArgs,
  batch: CleanBatch,
  context: CommandContext,
): Promise<number> {
  const outDir = batch.out?.dir ?? null;
  // A walk must not clean its own output or the vault's originals when either lies inside it.
  const excludedDirs = new Set<string>();
  if (outDir !== null) {
    excludedDirs.add(outDir);
  }
  excludedDirs.add(await getRealPathOrSelf(batch.originals.vaultDir));
  const daemonReports =
    outDir === null ? await cleanThroughDaemon(args, excludedDirs, context) : null;
  if (daemonReports !== null) {
    printCleanSummary(daemonReports, args.json, context);
    return daemonReports.every(isSuccess) ? EXIT_CODES.success : EXIT_CODES.fileProblem;
  }

  const inputs = await collectInputs(args.paths, { isIgnoredName, excludedDirs });
  const reports: CleanFileReport[] = [];
  // TODO: files are cleaned one at a time, so a core idles during each fsync. Four at a time
  // slowed 5 MB JPEGs through garbage collection; a bound on bytes in flight would not.
  for (const input of inputs) {
    const report = await cleanInput(input, batch);
    reports.push(report);
    if (!args.json) {
      const line = formatCleanLine(report, input.displayPath, context.cwd);
      context.io[line.stream].write(`${line.text}\n`);
    }
  }
  printCleanSummary(reports, args.json, context);
  return reports.every(isSuccess) ? EXIT_CODES.success : EXIT_CODES.fileProblem;
}

function printCleanSummary(
  reports: readonly CleanFileReport[],
  json: boolean,
  context: CommandContext,
): void {
  if (json) {
    context.io.stdout.write(formatCleanJson(reports));
    return;
  }
  if (reports.length === 0) {
    context.io.stderr.write(
      'no files to clean: the folders contain no files besides hidden, temporary or ' +
        'system files and symbolic links, which are left out\n',
    );
    return;
  }
  const summary = formatSummary(reports.map((report) => report.status));
  if (summary !== null) {
    context.io.stderr.write(`${summary}\n`);
  }
}

function isSuccess(report: CleanFileReport): boolean {
  return report.status === 'cleaned' || report.status === 'already-clean';
}

async function getRealPathOrSelf(filePath: string): Promise<string> {
  try {
    return await realpath(filePath);
  } catch {
    return filePath;
  }
}
