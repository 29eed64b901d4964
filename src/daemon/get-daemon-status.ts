import type { HistoryStore } from '../commit/history/history-store.js';
import type { VaultSize } from '../commit/get-vault-size.js';
import type { Locations } from '../shared/paths.js';
import type { StatusResult } from '../shared/protocol/index.js';
import type { Daemon } from './daemon.js';
import { toFolderStatus } from './to-folder-status.js';

/** The sources {@link getDaemonStatus} reads. */
export interface StatusSources {
  readonly daemon: Daemon;
  readonly history: HistoryStore;
  readonly locations: Locations;
  readonly version: string;
  readonly startedAt: Date;
  readonly now: () => Date;
  /** Measures the vault, or returns a recent measurement. */
  readonly getVaultSize: (vaultDir: string) => Promise<VaultSize>;
}

/** Builds the `status` result: state, pauses, folders, counts and the vault's size. */
export async function getDaemonStatus(sources: StatusSources): Promise<StatusResult> {
  const { daemon, history } = sources;
  const now = sources.now();
  const pause = daemon.getPause(null);
  const vaultDir = daemon.config.originals.vault;
  const vault = await sources.getVaultSize(vaultDir);
  return {
    state: daemon.state,
    stateReason: null,
    version: sources.version,
    pid: process.pid,
    startedAt: sources.startedAt.toISOString(),
    paused: pause !== null,
    pausedUntil: pause?.until ?? null,
    folders: daemon.listFolders().map((folder) => toFolderStatus(folder, daemon)),
    counts: {
      cleanedToday: history.jobs.countCleanedSince(getLocalMidnight(now)),
      queued: daemon.pendingCount,
      attention: history.attention.listOpen().length,
    },
    originals: daemon.config.originals.action,
    vault: { path: vaultDir, bytes: vault.bytes, files: vault.files },
    configPath: sources.locations.configFile,
  };
}

/** Returns the start of `now`'s day in local time, where `cleanedToday` counts from. */
export function getLocalMidnight(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}
