import type { Logger } from 'pino';
import type { HistoryStore } from '../commit/history/history-store.js';
import { pruneVault } from '../commit/prune-vault.js';

/** A running schedule of vault pruning. */
export interface VaultPruning {
  /** Resolves when the pruning started last has ended. */
  onIdle(): Promise<void>;
  /** Stops the schedule; a pruning in progress finishes. */
  stop(): void;
}

/** Options for {@link startVaultPruning}. */
export interface VaultPruningOptions {
  /** Returns the vault and its retention in force, read at each run so config edits apply. */
  readonly getRetention: () => { readonly vaultDir: string; readonly retentionDays: number | null };
  readonly history: HistoryStore;
  readonly logger: Logger;
  /**
   * The clock that dates the folders to keep.
   * @default () => new Date()
   */
  readonly now?: () => Date;
  /**
   * Milliseconds between runs after the first, which starts at once.
   * @default 86_400_000 (a day)
   */
  readonly intervalMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Prunes the vault now and then daily: dated folders older than `originals.retentionDays`
 * are removed and marked pruned in the vault index. Nothing is removed while the retention is
 * null. Each run is logged; a failed run is logged and tried again at the next one.
 */
export function startVaultPruning(options: VaultPruningOptions): VaultPruning {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  let isRunning = false;
  const run = (): void => {
    if (isRunning) {
      return;
    }
    isRunning = true;
    running = pruneOnce(options, now()).finally(() => {
      isRunning = false;
    });
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? DAY_MS);
  // The daemon's stop signal wait keeps the process alive, not this schedule.
  timer.unref();
  return {
    onIdle: () => running,
    stop: () => {
      clearInterval(timer);
    },
  };
}

async function pruneOnce(options: VaultPruningOptions, now: Date): Promise<void> {
  const { vaultDir, retentionDays } = options.getRetention();
  if (retentionDays === null) {
    return;
  }
  try {
    const pruned = await pruneVault({ vaultDir, retentionDays, now });
    for (const folder of pruned) {
      const entries = options.history.vault.markFolderRemoved(folder.path, 'pruned', now);
      options.logger.info({ folder: folder.path, date: folder.date, entries }, 'vault pruned');
    }
  } catch (error) {
    options.logger.error({ err: error, vaultDir, retentionDays }, 'vault pruning failed');
  }
}
