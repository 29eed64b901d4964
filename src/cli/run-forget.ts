import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { openHistory } from '../commit/history/open-history.js';
import { resolveLocations } from '../shared/paths.js';
import type { CommandContext } from './command-context.js';
import { EXIT_CODES } from './exit-codes.js';
import type { ForgetArgs } from './parse-forget-args.js';

/**
 * Runs `metaclear forget --before DATE`: deletes history rows older than DATE (see
 * `pruneHistory`) and the log files last written before it, then prints what went. Works with
 * or without a running daemon, because the history is shared in WAL mode.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be opened.
 */
export async function runForget(args: ForgetArgs, context: CommandContext): Promise<number> {
  const locations = resolveLocations(context.env);
  const history = openHistory(locations.stateDir);
  let result;
  try {
    result = history.forget(args.before);
  } finally {
    history.close();
  }
  const logFiles = await removeOldLogFiles(locations.logDir, args.before);
  const when = args.before.toISOString();
  context.io.stdout.write(
    `Removed from the history before ${when}: ${result.jobs} jobs, ` +
      `${result.vaultEntries} records of originals no longer in the vault, ` +
      `${result.attentionEntries} needs-attention entries.\n` +
      `Removed ${logFiles} log files last written before ${when} from ${locations.logDir}.\n` +
      'Jobs whose original is still in the vault are kept, so that revert works; they go ' +
      'when the original leaves the vault (originals.retentionDays).\n',
  );
  return EXIT_CODES.success;
}

/**
 * Removes the regular files in `logDir` last modified before `before`, and returns how many.
 * Links and folders stay. A missing folder counts as empty.
 */
async function removeOldLogFiles(logDir: string, before: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(logDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return 0;
    }
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const filePath = path.join(logDir, name);
    // The daemon's log rotation may delete a file between readdir and lstat.
    const stats = await lstat(filePath).catch(ignoreMissing);
    if (stats?.isFile() === true && stats.mtime < before) {
      await rm(filePath, { force: true });
      removed += 1;
    }
  }
  // NOTE: the daemon's current log file is newer than DATE, so its older lines stay until it
  // rotates (daily, or at 10 MB).
  return removed;
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return undefined;
  }
  throw error;
}
