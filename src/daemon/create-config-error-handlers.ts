import type { HistoryStore } from '../commit/history/history-store.js';
import { getVaultSize } from '../commit/get-vault-size.js';
import type { AppError } from '../shared/errors.js';
import type { Locations } from '../shared/paths.js';
import type { StatusResult } from '../shared/protocol/index.js';
import type { DaemonRequestHandlers } from './control-handlers-type.js';
import { getLocalMidnight } from './get-daemon-status.js';

/** The sources {@link createConfigErrorHandlers} builds its replies from. */
export interface ConfigErrorContext {
  /** The error that names each invalid key of the config. */
  readonly error: AppError;
  readonly history: HistoryStore;
  readonly locations: Locations;
  readonly version: string;
  readonly startedAt: Date;
  readonly requestStop: () => void;
}

/**
 * Creates the handlers of an agent that waits for a valid config. `status` reports state
 * `attention` with the config's error as the reason, and the history's counts. Every other
 * request but `shutdown` fails with that error.
 */
export function createConfigErrorHandlers(context: ConfigErrorContext): DaemonRequestHandlers {
  const reject = (): Promise<never> => Promise.reject(context.error);
  return {
    status: () => getWaitingStatus(context),
    pause: reject,
    resume: reject,
    'folders.list': reject,
    'folders.add': reject,
    'folders.remove': reject,
    'folders.update': reject,
    recent: reject,
    'attention.list': reject,
    'attention.retry': reject,
    'attention.dismiss': reject,
    revert: reject,
    clean: reject,
    shutdown: () => {
      setImmediate(context.requestStop);
      return Promise.resolve({ stopping: true as const });
    },
  };
}

/**
 * Builds the status of a daemon that watches nothing. Without a valid config the vault is not
 * known, so the status reports the default vault, as `doctor` and `uninstall` do.
 */
async function getWaitingStatus(context: ConfigErrorContext): Promise<StatusResult> {
  const { error, history, locations } = context;
  const vaultDir = locations.defaultVault;
  const vault = await getVaultSize(vaultDir);
  return {
    state: 'attention',
    stateReason: { code: error.code, message: error.message },
    version: context.version,
    pid: process.pid,
    startedAt: context.startedAt.toISOString(),
    paused: false,
    pausedUntil: null,
    folders: [],
    counts: {
      cleanedToday: history.jobs.countCleanedSince(getLocalMidnight(new Date())),
      queued: 0,
      attention: history.attention.listOpen().length,
    },
    originals: 'vault',
    vault: { path: vaultDir, bytes: vault.bytes, files: vault.files },
    configPath: locations.configFile,
  };
}
