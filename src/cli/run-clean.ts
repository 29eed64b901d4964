import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { findFreePath } from '../commit/find-free-path.js';
import type { CleanBytesFunction } from '../commit/process-file.js';
import type { Config } from '../config/config-schema.js';
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
import { mapWithBudget, type WorkBudget } from './map-with-budget.js';
import { OutputNamer } from './output-namer.js';
import type { CleanArgs } from './parse-clean-args.js';
import { prepareOutDir } from './prepare-out-dir.js';
import { runCleanStdin } from './run-clean-stdin.js';

/**
 * The maximum input bytes in progress at once. A larger file is cleaned alone.
 * NOTE: an estimate that bounds memory for large files, not a measured optimum. For 5 MB camera
 * JPEGs the limit of two files per worker applies first.
 */
const MAX_BYTES_IN_PROGRESS = 64 * 1024 * 1024;

/**
 * Runs `metaclear clean`: cleans every file into `--out` or in place, and prints a line per
 * file or the `--json` report, both in command-line order. A batch of several files is
 * stripped and verified in worker threads, several files at a time (see `startWorkerPool`).
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
  // Only in place needs the history, so `--out` does not load SQLite.
  const history =
    outDir === null
      ? (await import('../commit/history/open-history.js')).openHistory(locations.stateDir)
      : null;
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
    return await cleanInputs(args, batch, config, context);
  } finally {
    history?.close();
  }
}

async function cleanInputs(
  args: CleanArgs,
  batch: CleanBatch,
  config: Config,
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

  // The workers start before the folders are walked, so each loads its modules meanwhile. That
  // load took about 0.3 s per worker on a 2-core AMD EPYC, a large share of a batch of small files.
  let pool = (await mayBeBatch(args.paths)) ? await startWorkerPool(config) : null;
  let reports: CleanFileReport[];
  try {
    const inputs = await collectInputs(args.paths, { isIgnoredName, excludedDirs });
    if (inputs.filter((input) => input.kind === 'file').length < 2) {
      // One file is cleaned on this thread, because a worker's start-up would only slow it down.
      await pool?.close();
      pool = null;
    }
    const workers = pool;
    const clean: CleanBytesFunction | undefined =
      workers === null ? undefined : (bytes, policy) => workers.clean(bytes, policy);
    const poolBatch = clean === undefined ? batch : { ...batch, clean };
    reports = await mapWithBudget(
      inputs,
      getWorkBudget(workers?.size ?? 1),
      (input) => (input.kind === 'file' ? input.size : 0),
      (input) => cleanInput(input, poolBatch),
      (report, input) => {
        if (!args.json) {
          const line = formatCleanLine(report, input.displayPath, context.cwd);
          context.io[line.stream].write(`${line.text}\n`);
        }
      },
    );
  } finally {
    await pool?.close();
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

/**
 * Returns true when `paths` may hold two files or more: several paths, or one folder. A single
 * file is cleaned without workers.
 */
async function mayBeBatch(paths: readonly string[]): Promise<boolean> {
  if (paths.length !== 1) {
    return paths.length > 1;
  }
  try {
    return (await lstat(path.resolve(paths[0] as string))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Starts worker threads that strip and verify the files of a batch, and starts them at once
 * rather than at the first file. The workers put both cores to work, and keep the garbage of
 * 5 MB buffers off the thread that reads, writes and fsyncs. Cleaning four camera JPEGs at a
 * time on that one thread spent three times as long in garbage collection as one at a time.
 * The pool's size is `concurrency` from the config, at most one worker per core.
 */
async function startWorkerPool(config: Config): Promise<CleanWorkers> {
  const size = Math.max(1, Math.min(config.concurrency, os.availableParallelism()));
  const { WorkerPool } = await import('../daemon/worker-pool.js');
  const pool = new WorkerPool({ size, jobTimeoutMs: config.limits.jobTimeoutMs });
  pool.startWorkers();
  return {
    size,
    clean: (bytes, policy) => pool.clean(bytes, policy),
    close: () => pool.close(),
  };
}

/** A started worker pool and the number of its workers. */
interface CleanWorkers {
  readonly size: number;
  readonly clean: CleanBytesFunction;
  readonly close: () => Promise<void>;
}

/**
 * Returns how much of a batch is in progress at once. Two files per worker let each worker's
 * next file be read while finished files are written and fsynced. The input bytes stay within
 * {@link MAX_BYTES_IN_PROGRESS}, because each file in progress keeps its input and its cleaned
 * output in memory.
 */
function getWorkBudget(workerCount: number): WorkBudget {
  return { maxItems: 2 * workerCount, maxBytes: MAX_BYTES_IN_PROGRESS };
}
