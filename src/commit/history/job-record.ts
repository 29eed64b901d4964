import { isKind, type Kind } from '../../shared/kinds.js';
import type { JOB_STATUSES } from '../../shared/protocol/common-schemas.js';
import type { CleanStatus } from '../../shared/report.js';
import type { CommitIntent, FileIdentity } from '../commit-journal.js';
import type { ProcessOwner } from './process-owner.js';

/** One state of a job's lifecycle. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * How far a journaled commit got: `intent` while it may have files on disk to finish or roll
 * back, `done` or `rolled-back` once nothing of it is left unfinished.
 */
export type CommitState = 'intent' | 'done' | 'rolled-back';

/** One job as the history stores it. */
export interface JobRecord {
  /** A ULID. */
  readonly id: string;
  /** The watched folder, or null for a file cleaned by `metaclear clean`. */
  readonly folder: string | null;
  readonly input: string;
  readonly status: JobStatus;
  /** The report's status once the job ended, else null. */
  readonly result: CleanStatus | null;
  /** The published path; while a commit is planned, its planned output. */
  readonly output: string | null;
  /** The vault path of the original; while a commit is planned, its planned vault path. */
  readonly original: string | null;
  readonly removed: readonly Kind[];
  readonly kept: readonly Kind[];
  readonly code: string | null;
  readonly reason: string | null;
  readonly inputSha256: string | null;
  readonly outputSha256: string | null;
  /** The published file as the commit left it. */
  readonly outputIdentity: FileIdentity | null;
  readonly commitState: CommitState | null;
  /** The commit's intent, once one was recorded. */
  readonly intent: CommitIntent | null;
  /** The process that last recorded the job as running. */
  readonly owner: ProcessOwner | null;
  /** ISO-8601 times. */
  readonly queuedAt: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
}

/** A `jobs` row as SQLite returns it. */
export interface JobRow {
  readonly id: string;
  readonly folder: string | null;
  readonly input: string;
  readonly status: JobStatus;
  readonly result: CleanStatus | null;
  readonly output: string | null;
  readonly original: string | null;
  readonly removed: string;
  readonly kept: string;
  readonly error_code: string | null;
  readonly reason: string | null;
  readonly input_sha256: string | null;
  readonly input_dev: string | null;
  readonly input_ino: string | null;
  readonly input_size: number | null;
  readonly input_mtime_ns: string | null;
  readonly output_sha256: string | null;
  readonly output_dev: string | null;
  readonly output_ino: string | null;
  readonly output_size: number | null;
  readonly output_mtime_ns: string | null;
  readonly commit_state: CommitState | null;
  readonly commit_kind: CommitIntent['kind'] | null;
  readonly commit_action: CommitIntent['action'] | null;
  readonly temp_path: string | null;
  readonly vault_temp_path: string | null;
  readonly staging_dir: string | null;
  readonly reset_output_times: number;
  readonly owner_pid: number | null;
  readonly owner_token: string | null;
  readonly queued_at: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
}

/** Converts a `jobs` row to a {@link JobRecord}. */
export function toJobRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    folder: row.folder,
    input: row.input,
    status: row.status,
    result: row.result,
    output: row.output,
    original: row.original,
    removed: parseKinds(row.removed),
    kept: parseKinds(row.kept),
    code: row.error_code,
    reason: row.reason,
    inputSha256: row.input_sha256,
    outputSha256: row.output_sha256,
    outputIdentity: toIdentity(
      row.output_dev,
      row.output_ino,
      row.output_size,
      row.output_mtime_ns,
    ),
    commitState: row.commit_state,
    intent: toIntent(row),
    owner:
      row.owner_pid === null || row.owner_token === null
        ? null
        : { pid: row.owner_pid, token: row.owner_token },
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
  };
}

function toIntent(row: JobRow): CommitIntent | null {
  const inputIdentity = toIdentity(
    row.input_dev,
    row.input_ino,
    row.input_size,
    row.input_mtime_ns,
  );
  if (
    row.commit_kind === null ||
    row.commit_action === null ||
    row.input_sha256 === null ||
    row.output === null ||
    row.output_sha256 === null ||
    row.temp_path === null ||
    inputIdentity === null
  ) {
    return null;
  }
  const hasVault = row.commit_action === 'vault' && row.commit_kind !== 'move';
  return {
    kind: row.commit_kind,
    action: row.commit_action,
    input: row.input,
    inputSha256: row.input_sha256,
    inputIdentity,
    output: row.output,
    outputSha256: row.output_sha256,
    tempPath: row.temp_path,
    vaultPath: hasVault ? row.original : null,
    vaultTempPath: row.vault_temp_path,
    stagingDir: row.staging_dir,
    resetOutputTimes: row.reset_output_times === 1,
  };
}

function toIdentity(
  dev: string | null,
  ino: string | null,
  size: number | null,
  mtimeNs: string | null,
): FileIdentity | null {
  if (dev === null || ino === null || size === null || mtimeNs === null) {
    return null;
  }
  return { dev, ino, size, mtimeNs };
}

function parseKinds(text: string): Kind[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter(isKind) : [];
}
