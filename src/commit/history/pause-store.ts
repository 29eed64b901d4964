import type { HistoryDatabase } from './history-database.js';

/** One pause: of everything, or of one watched folder. */
export interface PauseRecord {
  /** The watched folder, or null for the global pause. */
  readonly folder: string | null;
  /** ISO-8601 time the pause began. */
  readonly pausedAt: string;
  /** ISO-8601 time it ends by itself ("for 1 hour"), or null until resumed. */
  readonly until: string | null;
}

interface PauseRow {
  readonly folder: string;
  readonly paused_at: string;
  readonly until: string | null;
}

/** The `folder` key of the global pause; no watched folder has an empty path. */
const GLOBAL_KEY = '';

/** The pause state, global and per folder, which survives restarts. */
export class PauseStore {
  readonly #db: HistoryDatabase;

  constructor(db: HistoryDatabase) {
    this.#db = db;
  }

  /** Pauses a folder (or everything, with null) until `until`, or until resumed with null. */
  pause(folder: string | null, at: Date, until: Date | null = null): void {
    this.#db.write((db) => {
      db.prepare(
        `INSERT OR REPLACE INTO pauses (folder, paused_at, until) VALUES (@folder, @at, @until)`,
      ).run({
        folder: folder ?? GLOBAL_KEY,
        at: at.toISOString(),
        until: until === null ? null : until.toISOString(),
      });
    });
  }

  /** Ends the pause of a folder, or the global pause with null. */
  resume(folder: string | null): void {
    this.#db.write((db) => {
      db.prepare('DELETE FROM pauses WHERE folder = ?').run(folder ?? GLOBAL_KEY);
    });
  }

  /** Returns the pauses in force at `now`, and removes those that have ended. */
  listActive(now: Date): PauseRecord[] {
    const rows = this.#db.write((db) => {
      db.prepare('DELETE FROM pauses WHERE until IS NOT NULL AND until <= ?').run(
        now.toISOString(),
      );
      return db.prepare<[], PauseRow>('SELECT * FROM pauses ORDER BY folder').all();
    });
    return rows.map((row) => ({
      folder: row.folder === GLOBAL_KEY ? null : row.folder,
      pausedAt: row.paused_at,
      until: row.until,
    }));
  }

  /** Returns true when `folder` is paused at `now`, by its own pause or the global one. */
  isPaused(folder: string, now: Date): boolean {
    return this.listActive(now).some((pause) => pause.folder === null || pause.folder === folder);
  }
}
