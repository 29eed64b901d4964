import type { HistoryDatabase } from './history-database.js';

/** A file that needs a person, keyed by the SHA-256 of its content. */
export interface AttentionEntry {
  readonly sha256: string;
  /** The path the file was last seen at. */
  readonly path: string;
  readonly jobId: string | null;
  readonly code: string;
  readonly reason: string;
  /** ISO-8601 times. */
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  /** When the user dismissed it, or null while it is open. */
  readonly dismissedAt: string | null;
}

interface AttentionRow {
  readonly sha256: string;
  readonly path: string;
  readonly job_id: string | null;
  readonly error_code: string;
  readonly reason: string;
  readonly first_seen_at: string;
  readonly last_seen_at: string;
  readonly dismissed_at: string | null;
}

/** A file to record as needing attention. */
export interface AttentionReport {
  readonly sha256: string;
  readonly path: string;
  readonly jobId: string | null;
  readonly code: string;
  readonly reason: string;
  readonly at: Date;
}

/**
 * The "needs attention" list. Entries are keyed by content, so the same bytes under another
 * name or after a restart are the same entry, and a dismissal sticks until the content changes.
 */
export class AttentionStore {
  readonly #db: HistoryDatabase;

  constructor(db: HistoryDatabase) {
    this.#db = db;
  }

  /**
   * Records a file as needing attention, or updates its path, code and reason when its content
   * is already listed. Returns false when the user had dismissed this content.
   */
  report(report: AttentionReport): boolean {
    return this.#db.write((db) => {
      db.prepare(
        `INSERT INTO attention
           (sha256, path, job_id, error_code, reason, first_seen_at, last_seen_at)
         VALUES (@sha256, @path, @jobId, @code, @reason, @at, @at)
         ON CONFLICT (sha256) DO UPDATE SET path = @path, job_id = @jobId, error_code = @code,
           reason = @reason, last_seen_at = @at`,
      ).run({ ...report, at: report.at.toISOString() });
      const row = db
        .prepare<[string], Pick<AttentionRow, 'dismissed_at'>>(
          'SELECT dismissed_at FROM attention WHERE sha256 = ?',
        )
        .get(report.sha256);
      return row?.dismissed_at === null;
    });
  }

  /** Dismisses an entry; returns false when there is none for this content. */
  dismiss(sha256: string, at: Date): boolean {
    return this.#db.write(
      (db) =>
        db
          .prepare('UPDATE attention SET dismissed_at = @at WHERE sha256 = @sha256')
          .run({ sha256, at: at.toISOString() }).changes > 0,
    );
  }

  /** Returns true when the user dismissed this content. */
  isDismissed(sha256: string): boolean {
    const row = this.#db.read((db) =>
      db
        .prepare<[string], Pick<AttentionRow, 'dismissed_at'>>(
          'SELECT dismissed_at FROM attention WHERE sha256 = ?',
        )
        .get(sha256),
    );
    return row !== undefined && row.dismissed_at !== null;
  }

  /** Removes an entry, such as once its file was cleaned after all. */
  resolve(sha256: string): void {
    this.#db.write((db) => {
      db.prepare('DELETE FROM attention WHERE sha256 = ?').run(sha256);
    });
  }

  /** Returns the entries not dismissed, newest first. */
  listOpen(): AttentionEntry[] {
    return this.#db
      .read((db) =>
        db
          .prepare<[], AttentionRow>(
            'SELECT * FROM attention WHERE dismissed_at IS NULL ORDER BY last_seen_at DESC',
          )
          .all(),
      )
      .map(toAttentionEntry);
  }
}

function toAttentionEntry(row: AttentionRow): AttentionEntry {
  return {
    sha256: row.sha256,
    path: row.path,
    jobId: row.job_id,
    code: row.error_code,
    reason: row.reason,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    dismissedAt: row.dismissed_at,
  };
}
