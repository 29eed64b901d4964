import type { Database } from 'better-sqlite3';
import type { CleanFileReport } from '../../shared/report.js';
import type { CommitIntent, CommittedFiles, RolledBackCommit } from '../commit-journal.js';
import type { HistoryDatabase } from './history-database.js';
import { toJobRecord, type JobRecord, type JobRow, type JobStatus } from './job-record.js';
import type { ProcessOwner } from './process-owner.js';
import { insertVaultEntry } from './vault-index.js';

/** A job entering the queue or starting to run. */
export interface JobStart {
  readonly id: string;
  /** The watched folder, or null outside watched folders. */
  readonly folder: string | null;
  readonly input: string;
  readonly at: Date;
}

/** A job's end, as the daemon reports it. */
export interface JobFinish extends JobStart {
  /** `committed`, `failed` or `attention`. */
  readonly status: JobStatus;
  readonly report: CleanFileReport;
  readonly durationMs: number;
}

const UNFINISHED_WHERE = `commit_state = 'intent' OR status IN ('queued', 'settling', 'running')`;

/**
 * The jobs table: each job's lifecycle, and the journal of its commit. Commit records
 * ({@link JobStore.recordIntent}, {@link JobStore.recordPaths}) are flushed to disk before they
 * resolve, because the commit's file operations follow them. The others may be lost to a power
 * loss, which the next start's recovery makes up for.
 */
export class JobStore {
  readonly #db: HistoryDatabase;
  readonly #owner: ProcessOwner;

  constructor(db: HistoryDatabase, owner: ProcessOwner) {
    this.#db = db;
    this.#owner = owner;
  }

  /** Records a job waiting in the queue. */
  recordQueued(start: JobStart): void {
    this.#upsertLifecycle(start, 'queued', 'queued_at');
  }

  /** Records a job that started to run. */
  recordStarted(start: JobStart): void {
    this.#upsertLifecycle(start, 'running', 'started_at');
  }

  /** Records a commit's intent, creating the job when it is new (`metaclear clean`). */
  async recordIntent(
    id: string,
    intent: CommitIntent,
    job: { folder: string | null; at: Date },
  ): Promise<void> {
    const parameters = {
      id,
      folder: job.folder,
      input: intent.input,
      at: job.at.toISOString(),
      output: intent.output,
      original: intent.vaultPath,
      inputSha256: intent.inputSha256,
      inputDev: intent.inputIdentity.dev,
      inputIno: intent.inputIdentity.ino,
      inputSize: intent.inputIdentity.size,
      inputMtimeNs: intent.inputIdentity.mtimeNs,
      outputSha256: intent.outputSha256,
      kind: intent.kind,
      action: intent.action,
      tempPath: intent.tempPath,
      vaultTempPath: intent.vaultTempPath,
      stagingDir: intent.stagingDir,
      resetOutputTimes: intent.resetOutputTimes ? 1 : 0,
      ownerPid: this.#owner.pid,
      ownerToken: this.#owner.token,
    };
    await this.#db.writeDurably((db) => {
      db.prepare(
        `INSERT INTO jobs (id, folder, input, status, started_at) VALUES (@id, @folder, @input, 'running', @at)
         ON CONFLICT (id) DO NOTHING`,
      ).run(parameters);
      db.prepare(
        `UPDATE jobs SET status = 'running', commit_state = 'intent', output = @output,
           original = @original, input_sha256 = @inputSha256, input_dev = @inputDev,
           input_ino = @inputIno, input_size = @inputSize, input_mtime_ns = @inputMtimeNs,
           output_sha256 = @outputSha256, commit_kind = @kind, commit_action = @action,
           temp_path = @tempPath, vault_temp_path = @vaultTempPath, staging_dir = @stagingDir,
           reset_output_times = @resetOutputTimes, owner_pid = @ownerPid,
           owner_token = @ownerToken
         WHERE id = @id`,
      ).run(parameters);
    });
  }

  /** Records a commit's new output or vault path, chosen after a name collision. */
  async recordPaths(
    id: string,
    paths: { readonly output?: string; readonly vaultPath?: string },
  ): Promise<void> {
    await this.#db.writeDurably((db) => {
      db.prepare(
        `UPDATE jobs SET output = coalesce(@output, output), original = coalesce(@original, original)
         WHERE id = @id`,
      ).run({ id, output: paths.output ?? null, original: paths.vaultPath ?? null });
    });
  }

  /** Records a finished commit, and its original in the vault index. */
  recordCommitted(id: string, files: CommittedFiles, at: Date): void {
    const identity = files.outputIdentity;
    this.#db.write((db) => {
      db.prepare(
        `UPDATE jobs SET status = 'committed', commit_state = 'done', output = @output,
           original = @original,
           result = CASE commit_kind WHEN 'move' THEN 'already-clean' ELSE 'cleaned' END,
           error_code = NULL, reason = NULL, output_dev = @dev, output_ino = @ino,
           output_size = @size, output_mtime_ns = @mtimeNs, finished_at = @at
         WHERE id = @id`,
      ).run({
        id,
        output: files.output,
        original: files.original,
        dev: identity?.dev ?? null,
        ino: identity?.ino ?? null,
        size: identity?.size ?? null,
        mtimeNs: identity?.mtimeNs ?? null,
        at: at.toISOString(),
      });
      this.#indexOriginal(db, id, files.original, files.output, at);
    });
  }

  /** Records a commit that was undone; a kept vault copy goes into the vault index. */
  recordRolledBack(id: string, rollBack: RolledBackCommit, at: Date): void {
    this.#db.write((db) => {
      db.prepare(
        `UPDATE jobs SET status = 'failed', commit_state = 'rolled-back', result = 'failed',
           output = NULL, original = @original, error_code = @code, reason = @reason,
           finished_at = @at
         WHERE id = @id`,
      ).run({
        id,
        original: rollBack.original,
        code: rollBack.code,
        reason: rollBack.reason,
        at: at.toISOString(),
      });
      this.#indexOriginal(db, id, rollBack.original, null, at);
    });
  }

  /**
   * Records a job's end as the daemon reports it. A commit's own records stay: a failure
   * report keeps the paths its rollback recorded.
   */
  recordFinished(finish: JobFinish): void {
    const { report } = finish;
    this.#db.write((db) => {
      this.#insertIfMissing(db, finish);
      db.prepare(
        `UPDATE jobs SET status = @status, result = @result,
           output = coalesce(@output, output), original = coalesce(@original, original),
           removed = @removed, kept = @kept, error_code = @code, reason = @reason,
           finished_at = @at, duration_ms = @durationMs
         WHERE id = @id`,
      ).run({
        id: finish.id,
        status: finish.status,
        result: report.status,
        output: report.output,
        original: report.original,
        removed: JSON.stringify(report.removed),
        kept: JSON.stringify(report.kept),
        code: report.code,
        reason: report.reason,
        at: finish.at.toISOString(),
        durationMs: finish.durationMs,
      });
    });
  }

  /** Records a job that a stop interrupted before its commit began. */
  recordInterrupted(id: string, reason: string, at: Date): void {
    this.#db.write((db) => {
      db.prepare(
        `UPDATE jobs SET status = 'failed', result = 'failed', error_code = 'E_INTERRUPTED',
           reason = @reason, finished_at = @at
         WHERE id = @id`,
      ).run({ id, reason, at: at.toISOString() });
    });
  }

  /** Returns one job, or null. */
  get(id: string): JobRecord | null {
    const row = this.#db.read(
      (db) => db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?').get(id) ?? null,
    );
    return row === null ? null : toJobRecord(row);
  }

  /**
   * Returns the jobs a stop may have cut short: those still queued or running, and commits
   * whose intent has no outcome yet. Oldest first.
   */
  listUnfinished(): JobRecord[] {
    return this.#db
      .read((db) =>
        db.prepare<[], JobRow>(`SELECT * FROM jobs WHERE ${UNFINISHED_WHERE} ORDER BY id`).all(),
      )
      .map(toJobRecord);
  }

  /** Returns the newest jobs, newest first, of one watched folder when `folder` is given. */
  listRecent(limit: number, folder?: string): JobRecord[] {
    return this.#db
      .read((db) =>
        folder === undefined
          ? db.prepare<[number], JobRow>('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit)
          : db
              .prepare<[string, number], JobRow>(
                'SELECT * FROM jobs WHERE folder = ? ORDER BY id DESC LIMIT ?',
              )
              .all(folder, limit),
      )
      .map(toJobRecord);
  }

  /** Counts the files cleaned (not found clean) by jobs that finished at `since` or later. */
  countCleanedSince(since: Date): number {
    const row = this.#db.read((db) =>
      db
        .prepare<[string], { count: number }>(
          `SELECT count(*) AS count FROM jobs WHERE result = 'cleaned' AND finished_at >= ?`,
        )
        .get(since.toISOString()),
    );
    return row?.count ?? 0;
  }

  /** Marks a job `reverted` or `dismissed`; its other records stay. */
  markStatus(id: string, status: 'reverted' | 'dismissed'): void {
    this.#db.write((db) => {
      db.prepare('UPDATE jobs SET status = ? WHERE id = ?').run(status, id);
    });
  }

  /**
   * Returns the SHA-256 of each original that a revert put back at `input`. The daemon does not
   * clean a file at that path with one of these contents again.
   */
  listRevertedSha256(input: string): string[] {
    return this.#db
      .read((db) =>
        db
          .prepare<[string], { input_sha256: string }>(
            `SELECT input_sha256 FROM jobs
             WHERE input = ? AND status = 'reverted' AND input_sha256 IS NOT NULL`,
          )
          .all(input),
      )
      .map((row) => row.input_sha256);
  }

  #upsertLifecycle(start: JobStart, status: 'queued' | 'running', timeColumn: string): void {
    this.#db.write((db) => {
      this.#insertIfMissing(db, start);
      db.prepare(
        `UPDATE jobs SET status = @status, ${timeColumn} = @at, owner_pid = @ownerPid,
           owner_token = @ownerToken
         WHERE id = @id`,
      ).run({
        id: start.id,
        status,
        at: start.at.toISOString(),
        ownerPid: this.#owner.pid,
        ownerToken: this.#owner.token,
      });
    });
  }

  #insertIfMissing(db: Database, job: JobStart): void {
    db.prepare(
      `INSERT INTO jobs (id, folder, input, status) VALUES (@id, @folder, @input, 'queued')
       ON CONFLICT (id) DO NOTHING`,
    ).run({ id: job.id, folder: job.folder, input: job.input });
  }

  #indexOriginal(
    db: Database,
    id: string,
    original: string | null,
    output: string | null,
    at: Date,
  ): void {
    if (original === null) {
      return;
    }
    const row = db
      .prepare<[string], Pick<JobRow, 'input' | 'input_sha256'>>(
        'SELECT input, input_sha256 FROM jobs WHERE id = ?',
      )
      .get(id);
    if (row?.input_sha256 === undefined || row.input_sha256 === null) {
      return;
    }
    insertVaultEntry(db, {
      vaultPath: original,
      jobId: id,
      originalPath: row.input,
      outputPath: output,
      sha256: row.input_sha256,
      storedAt: at.toISOString(),
    });
  }
}
