import Database from 'better-sqlite3';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { HistoryDatabase } from './history-database.js';
import { toHistoryError } from './history-error.js';
import { HistoryStore } from './history-store.js';
import { HISTORY_MIGRATIONS, migrateHistory, type Migration } from './migrations.js';
import { createProcessOwner } from './process-owner.js';

/** The history's file name in the state dir. */
export const HISTORY_FILE = 'history.db';

/** How long a write waits for another process's transaction, in milliseconds. */
const BUSY_TIMEOUT_MS = 5_000;

/** Options for {@link openHistory}. */
export interface OpenHistoryOptions {
  /**
   * The schema steps to apply; tests pass their own list.
   * @default HISTORY_MIGRATIONS
   */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens `<stateDir>/history.db`, creating the state dir (mode 0700) and the file (mode 0600)
 * when missing, and migrates it to the current schema. The database runs in WAL mode, so the
 * daemon and a CLI command can use it at once; a write waits up to 5 s for the other's.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the file cannot be created, opened or read as
 *   a database, and `E_HISTORY_VERSION` when a newer MetaClear wrote it.
 * @throws RangeError when `options.migrations` is not numbered 1, 2, 3...
 * @example
 * const history = openHistory(locations.stateDir);
 * try { ... } finally { history.close(); }
 */
export function openHistory(stateDir: string, options: OpenHistoryOptions = {}): HistoryStore {
  const dbPath = path.join(stateDir, HISTORY_FILE);
  let db: Database.Database | undefined;
  try {
    createPrivateFile(stateDir, dbPath);
    db = new Database(dbPath, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Rows contain file paths, so deleted and rewritten ones are overwritten with zeros, and
    // `metaclear forget` leaves no trace of them in free space.
    db.pragma('secure_delete = ON');
    migrateHistory(db, dbPath, options.migrations ?? HISTORY_MIGRATIONS);
    // The WAL file's name must be on disk too, before any record counts as flushed.
    fsyncDirectory(stateDir);
  } catch (error) {
    db?.close();
    // An invalid migration list is a bug in the caller, not a problem of the database.
    throw error instanceof RangeError ? error : toHistoryError(error, dbPath);
  }
  return new HistoryStore(new HistoryDatabase(db, dbPath), createProcessOwner());
}

/**
 * Creates the state dir and the database file readable by this user only, before SQLite
 * creates the file with the umask's mode. SQLite gives its `-wal` and `-shm` files the mode of
 * the database file.
 */
function createPrivateFile(stateDir: string, dbPath: string): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  if ((statSync(stateDir).mode & 0o777) !== 0o700) {
    chmodSync(stateDir, 0o700);
  }
  closeSync(openSync(dbPath, 'a', 0o600));
  if ((statSync(dbPath).mode & 0o777) !== 0o600) {
    chmodSync(dbPath, 0o600);
  }
}

function fsyncDirectory(dir: string): void {
  const descriptor = openSync(dir, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
