import type { AttentionItem, FolderStatus, RecentJob } from '../../shared/protocol/index.js';
import { describeAttentionReason } from './attention-words.js';
import { getFileName } from './file-name.js';
import { formatBytes, pluralize } from './format-bytes.js';
import { formatAgo, formatClockTime } from './format-time.js';
import { selectIconState, type IconState } from './icon-state.js';
import { describeKinds } from './kind-words.js';
import { describeStatus } from './status-line.js';
import type { TraySnapshot, ViewOptions } from './tray-snapshot.js';

/** One watched folder as the popup lists it. */
export interface FolderView {
  readonly path: string;
  readonly name: string;
  /** `Cleans in place` or `Cleans into Cleaned`. */
  readonly modeLabel: string;
  /** `Watching`, `Paused`, `Paused until 15:30`, or why the folder is unavailable. */
  readonly stateLabel: string;
  readonly paused: boolean;
  readonly unavailable: boolean;
}

/** One finished job in the recent-activity list. */
export interface RecentView {
  readonly jobId: string;
  readonly name: string;
  readonly path: string;
  /** `Removed location, camera serial, 3 more`, `Already clean`, `Original restored`, ... */
  readonly summary: string;
  readonly timeLabel: string;
  readonly canRestore: boolean;
}

/** One "needs attention" entry. */
export interface AttentionView {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly reason: string;
  readonly canRetry: boolean;
}

/** Everything the popup shows, as plain strings and flags. */
export interface PopupView {
  readonly statusLine: string;
  readonly iconState: IconState;
  readonly connected: boolean;
  /** Offer "Start MetaClear": the daemon is unreachable. */
  readonly canStartDaemon: boolean;
  readonly paused: boolean;
  readonly folders: readonly FolderView[];
  readonly foldersEmptyText: string;
  readonly recent: readonly RecentView[];
  readonly recentEmptyText: string;
  readonly attention: readonly AttentionView[];
  readonly attentionEmptyText: string;
  /** `Originals: 12.4 MB in 23 files`, or where originals go instead of a vault. */
  readonly vaultLine: string;
}

/** Builds the popup's content from a snapshot. */
export function buildPopupView(snapshot: TraySnapshot, options: ViewOptions): PopupView {
  const connected = snapshot.connection === 'connected' && snapshot.status !== null;
  const status = connected ? snapshot.status : null;
  return {
    statusLine: describeStatus(snapshot, options),
    iconState: selectIconState(snapshot),
    connected,
    canStartDaemon: snapshot.connection === 'unreachable',
    paused: status?.paused ?? false,
    folders: (status?.folders ?? []).map((folder) => buildFolderView(folder, options)),
    foldersEmptyText: connected
      ? 'No folders yet. Add one, or clean your screenshots.'
      : 'Folders show here while MetaClear runs.',
    recent: connected ? snapshot.recent.map((job) => buildRecentView(job, options)) : [],
    recentEmptyText: 'Nothing cleaned yet. Photos you add to a folder show here.',
    attention: connected ? snapshot.attention.map(buildAttentionView) : [],
    attentionEmptyText: 'Nothing needs attention.',
    vaultLine: describeVault(status),
  };
}

function buildFolderView(folder: FolderStatus, options: ViewOptions): FolderView {
  return {
    path: folder.path,
    name: getFileName(folder.path),
    modeLabel:
      folder.mode === 'in-place' || folder.output === null
        ? 'Cleans in place'
        : `Cleans into ${getFileName(folder.output)}`,
    stateLabel: describeFolderState(folder, options),
    paused: folder.paused,
    unavailable: folder.state === 'unavailable',
  };
}

function describeFolderState(folder: FolderStatus, options: ViewOptions): string {
  if (folder.state === 'unavailable') {
    return folder.reason === null ? 'Unavailable' : `Unavailable: ${folder.reason}`;
  }
  if (folder.paused) {
    return folder.pausedUntil === null
      ? 'Paused'
      : `Paused until ${formatClockTime(folder.pausedUntil, options)}`;
  }
  return folder.state === 'paused' ? 'Paused with everything' : 'Watching';
}

function buildRecentView(job: RecentJob, options: ViewOptions): RecentView {
  return {
    jobId: job.jobId,
    name: getFileName(job.input),
    path: job.output ?? job.input,
    summary: describeJob(job),
    timeLabel: job.finishedAt === null ? '' : formatAgo(job.finishedAt, options),
    canRestore: job.revertible,
  };
}

/** Describes what a finished job did, in a few words. */
export function describeJob(job: RecentJob): string {
  if (job.status === 'reverted') {
    return 'Original restored';
  }
  if (job.status === 'attention' || job.status === 'failed') {
    return describeAttentionReason(job.code, job.reason);
  }
  switch (job.result) {
    case 'cleaned': {
      const kinds = describeKinds(job.removed);
      return kinds === '' ? 'Cleaned' : `Removed ${kinds}`;
    }
    case 'already-clean':
      return 'Already clean';
    case 'unsupported':
      return 'Not an image MetaClear can clean';
    case 'skipped':
      return 'Skipped';
    case 'failed':
      return describeAttentionReason(job.code, job.reason);
    case null:
      return job.status === 'dismissed' ? 'Dismissed' : 'In progress';
  }
}

function buildAttentionView(item: AttentionItem): AttentionView {
  return {
    id: item.id,
    name: getFileName(item.path),
    path: item.path,
    reason: describeAttentionReason(item.code, item.reason),
    canRetry: item.retryable,
  };
}

function describeVault(status: TraySnapshot['status']): string {
  if (status === null) {
    return '';
  }
  if (status.originals === 'trash') {
    return 'Originals go to the Trash';
  }
  if (status.originals === 'delete') {
    return 'Originals are deleted after cleaning';
  }
  if (status.vault.files === 0) {
    return 'Originals: none kept yet';
  }
  return `Originals: ${formatBytes(status.vault.bytes)} in ${pluralize(status.vault.files, 'file')}`;
}
