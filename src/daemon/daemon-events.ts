import type { ErrorCode } from '../shared/errors.js';
import type { EventName } from '../shared/protocol/event-schemas.js';
import type { CleanFileReport } from '../shared/report.js';
import type { ImageFormat } from '../strip/strip-result.js';

/** One daemon event name; the control socket forwards each event unchanged. */
export type DaemonEventName = EventName;

/** The daemon's overall activity. */
export type DaemonState = 'idle' | 'working' | 'paused' | 'attention' | 'stopped';

/** Whether one watched folder is being watched. */
export type FolderState = 'watching' | 'paused' | 'unavailable';

/** A file that entered the job queue. */
export interface QueuedJob {
  /** A ULID, so ids sort by creation time. */
  readonly jobId: string;
  /** The watched folder, as written in the config with `~` expanded. */
  readonly folder: string;
  readonly input: string;
}

/** The outcome of one job: the file's report plus where and how it ran. */
export interface JobResult extends CleanFileReport {
  readonly jobId: string;
  /** The watched folder, as written in the config with `~` expanded. */
  readonly folder: string;
  /** Wall-clock time of the job, from its start to its report, in milliseconds. */
  readonly durationMs: number;
  /** The container format when MetaClear can clean it, else null. */
  readonly format: ImageFormat | null;
  /** The input's size when it settled, or null when it could not be read. */
  readonly bytes: number | null;
}

/** A cleaned file whose original a revert put back. */
export interface RevertedJob {
  readonly jobId: string;
  /** The watched folder, or null for a file given to `clean`. */
  readonly folder: string | null;
  /** The path the original bytes are back at. */
  readonly restored: string;
  /** The cleaned copy deleted in output mode, or null. */
  readonly removedOutput: string | null;
  /** A cleaned copy left in place because it changed after the job, or null. */
  readonly keptOutput: string | null;
}

/** A change of {@link DaemonState}. */
export interface DaemonStateChange {
  readonly state: DaemonState;
  readonly previous: DaemonState;
}

/** A change of one folder's {@link FolderState}, or an error while watching it. */
export interface FolderStateChange {
  readonly folder: string;
  readonly state: FolderState;
  /** Null the first time the folder's state is reported. */
  readonly previous: FolderState | null;
  /** Set when the folder is unavailable or its watcher reported an error. */
  readonly code: ErrorCode | null;
  readonly reason: string | null;
}

/** A config that took effect while the daemon runs, by the paths of the folders it changed. */
export interface ConfigChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly updated: readonly string[];
}

/** Arguments of each daemon event. */
export interface DaemonEventMap extends Record<DaemonEventName, unknown[]> {
  'job.queued': [job: QueuedJob];
  /** The job ended as `cleaned`, `already-clean`, `unsupported` or `skipped`. */
  'job.done': [result: JobResult];
  /** The job failed. The original is untouched, and `code` gives the reason. */
  'job.failed': [result: JobResult];
  /** The file needs a person: it stayed incomplete, or a fail-closed check rejected it. */
  'job.attention': [result: JobResult];
  'job.reverted': [job: RevertedJob];
  'state.changed': [change: DaemonStateChange];
  'folder.changed': [change: FolderStateChange];
  'config.changed': [change: ConfigChange];
}
