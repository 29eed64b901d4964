import { lstat } from 'node:fs/promises';
import type { HistoryStore } from '../commit/history/history-store.js';
import type { JobRecord } from '../commit/history/job-record.js';
import { AppError } from '../shared/errors.js';
import type { Locations } from '../shared/paths.js';
import type { AttentionItem, FolderStatus, RecentJob } from '../shared/protocol/index.js';
import { toFolderStatus } from './to-folder-status.js';
import type { DaemonRequestHandlers } from './control-handlers-type.js';
import type { Daemon } from './daemon.js';
import { FolderConfigEditor } from './folder-config-editor.js';
import { getDaemonStatus } from './get-daemon-status.js';
import { VaultSizeCache } from './vault-size-cache.js';

/** Everything the request handlers work with. */
export interface ControlContext {
  readonly daemon: Daemon;
  readonly history: HistoryStore;
  readonly locations: Locations;
  /** The daemon's package version. */
  readonly version: string;
  readonly startedAt: Date;
  /** Starts the shutdown that SIGTERM starts, after the reply is sent. */
  readonly requestStop: () => void;
  /**
   * The clock for pauses, dismissals and "cleaned today".
   * @default () => new Date()
   */
  readonly now?: () => Date;
}

const DEFAULT_RECENT_LIMIT = 50;

/** Creates the daemon's request handlers, one per request type but `subscribe`. */
export function createControlHandlers(context: ControlContext): DaemonRequestHandlers {
  const { daemon, history } = context;
  const now = context.now ?? (() => new Date());
  const editor = new FolderConfigEditor({
    locations: context.locations,
    apply: (config) => daemon.applyConfig(config),
  });
  const getFolderStatus = (folderPath: string): FolderStatus => {
    const snapshot = daemon.listFolders().find((folder) => folder.config.path === folderPath);
    if (snapshot === undefined) {
      throw new AppError('E_INTERNAL', `${folderPath} was applied but is not watched.`);
    }
    return toFolderStatus(snapshot, daemon);
  };

  const vaultSizes = new VaultSizeCache();
  daemon.on('job.done', (result) => {
    if (result.original !== null && result.bytes !== null) {
      vaultSizes.add(daemon.config.originals.vault, result.bytes);
    }
  });
  daemon.on('job.reverted', () => {
    vaultSizes.invalidate();
  });

  return {
    status: () =>
      getDaemonStatus({
        ...context,
        now,
        getVaultSize: (vaultDir) => vaultSizes.get(vaultDir),
      }),
    pause: (params) => {
      const until = params.until == null ? null : new Date(params.until);
      if (until !== null && until.getTime() <= now().getTime()) {
        throw new AppError(
          'E_USAGE',
          `pause until ${params.until ?? ''} is in the past; give a later time.`,
        );
      }
      const pause = daemon.pause(params.folder ?? null, until);
      return Promise.resolve({ folder: pause.folder, until: pause.until });
    },
    resume: (params) => {
      const folder = params.folder ?? null;
      return Promise.resolve({ folder, wasPaused: daemon.resume(folder) });
    },
    'folders.list': () =>
      Promise.resolve({
        folders: daemon.listFolders().map((folder) => toFolderStatus(folder, daemon)),
      }),
    'folders.add': async (params) => {
      await editor.add(params.folder);
      return { folder: getFolderStatus(params.folder.path) };
    },
    'folders.remove': async (params) => {
      const isWatched = daemon.listFolders().some((folder) => folder.config.path === params.path);
      if (isWatched && daemon.getPause(params.path) !== null) {
        daemon.resume(params.path);
      }
      await editor.remove(params.path);
      return { path: params.path };
    },
    'folders.update': async (params) => {
      await editor.update(params.path, params.changes);
      return { folder: getFolderStatus(params.path) };
    },
    recent: (params) => {
      const jobs = history.jobs.listRecent(params.limit ?? DEFAULT_RECENT_LIMIT, params.folder);
      return Promise.resolve({ jobs: jobs.map((job) => toRecentJob(job, history)) });
    },
    'attention.list': async () => ({
      entries: await Promise.all(history.attention.listOpen().map(toAttentionItem)),
    }),
    'attention.retry': async (params) => {
      const entry = findAttention(history, params.id);
      history.attention.resolve(entry.sha256);
      const report = await daemon.retryFile(entry.path);
      return { id: entry.sha256, path: entry.path, report };
    },
    'attention.dismiss': (params) => {
      const entry = findAttention(history, params.id);
      history.attention.dismiss(entry.sha256, now());
      if (entry.jobId !== null) {
        history.jobs.markStatus(entry.jobId, 'dismissed');
      }
      return Promise.resolve({ id: entry.sha256 });
    },
    revert: async (params) => {
      const { jobId, restored, removedOutput, keptOutput } = await daemon.revert(params.jobId);
      return { jobId, restored, removedOutput, keptOutput };
    },
    clean: async (params) => {
      const files = await daemon.cleanFiles(params.paths, params.keep);
      // A clean request emits no job event, and its reports carry no byte counts, so the
      // vault is measured again at the next status when one of them stored an original.
      if (files.some((report) => report.original !== null)) {
        vaultSizes.invalidate();
      }
      return { files };
    },
    shutdown: () => {
      // The reply goes out first; the stop then lets running jobs finish.
      setImmediate(context.requestStop);
      return Promise.resolve({ stopping: true as const });
    },
  };
}

function toRecentJob(job: JobRecord, history: HistoryStore): RecentJob {
  const vaultEntry = job.original === null ? null : history.vault.get(job.original);
  const revertible =
    job.status === 'committed' &&
    job.result === 'cleaned' &&
    vaultEntry !== null &&
    vaultEntry.removedAt === null;
  return {
    jobId: job.id,
    folder: job.folder,
    input: job.input,
    output: job.output,
    original: job.original,
    status: job.status,
    result: job.result,
    removed: [...job.removed],
    code: job.code,
    reason: job.reason,
    finishedAt: job.finishedAt,
    revertible,
  };
}

async function toAttentionItem(
  entry: ReturnType<HistoryStore['attention']['listOpen']>[number],
): Promise<AttentionItem> {
  const stats = await lstat(entry.path).catch(() => null);
  return {
    id: entry.sha256,
    path: entry.path,
    jobId: entry.jobId,
    code: entry.code,
    reason: entry.reason,
    since: entry.firstSeenAt,
    lastSeenAt: entry.lastSeenAt,
    retryable: stats?.isFile() === true,
  };
}

/** @throws AppError `E_NOT_FOUND` when no open entry has this id. */
function findAttention(
  history: HistoryStore,
  id: string,
): ReturnType<HistoryStore['attention']['listOpen']>[number] {
  const entry = history.attention.listOpen().find((candidate) => candidate.sha256 === id);
  if (entry === undefined) {
    throw new AppError(
      'E_NOT_FOUND',
      `no open attention entry ${id}; see 'metaclear attention' for the list.`,
    );
  }
  return entry;
}
