import type { Database } from 'better-sqlite3';
import { open } from 'node:fs/promises';
import { toHistoryError } from './history-error.js';

/**
 * The history's SQLite connection. Reads and writes run as transactions, and every failure
 * becomes AppError `E_HISTORY_UNAVAILABLE`. The connection runs in WAL mode with
 * `synchronous = NORMAL`, which survives a crash of the process but may lose the last
 * transactions on a power loss. {@link HistoryDatabase.writeDurably} also flushes the WAL
 * file before it resolves, for records that a file operation must not run ahead of.
 */
export class HistoryDatabase {
  readonly path: string;
  readonly #db: Database;

  constructor(db: Database, dbPath: string) {
    this.#db = db;
    this.path = dbPath;
  }

  /** Runs `read` in a transaction and returns its result. */
  read<T>(read: (db: Database) => T): T {
    return this.#run(() => this.#db.transaction(() => read(this.#db))());
  }

  /** Runs `write` in an immediate transaction, which takes the write lock at once. */
  write<T>(write: (db: Database) => T): T {
    return this.#run(() => this.#db.transaction(() => write(this.#db)).immediate());
  }

  /**
   * Runs `write` like {@link HistoryDatabase.write}, then flushes the WAL file to disk. The
   * flush runs on libuv's thread pool rather than in SQLite's commit (`synchronous = FULL`),
   * so other jobs go on meanwhile. It makes the transaction durable all the same: its frames
   * are in the WAL file, or a checkpoint already copied them into the database file and
   * flushed that.
   */
  async writeDurably<T>(write: (db: Database) => T): Promise<T> {
    const result = this.write(write);
    try {
      const handle = await open(`${this.path}-wal`, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw toHistoryError(error, this.path);
    }
    return result;
  }

  /**
   * Rebuilds the database file without free space (`VACUUM`), then copies the WAL file into
   * it and truncates the WAL (`wal_checkpoint(TRUNCATE)`), so no deleted row remains in
   * either file. While another connection reads, the checkpoint copies what it can and leaves
   * the WAL file as is.
   */
  compact(): void {
    this.#run(() => {
      this.#db.exec('VACUUM');
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  /** Closes the connection; later calls fail. Closing twice does nothing. */
  close(): void {
    if (this.#db.open) {
      this.#db.close();
    }
  }

  #run<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      throw toHistoryError(error, this.path);
    }
  }
}
