import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/errors.js';
import type { HistoryDatabase } from './history-database.js';
import { isOwnerGone, isProcessAlive, type ProcessOwner } from './process-owner.js';

interface FileLockRow {
  readonly owner_pid: number;
  readonly owner_token: string;
}

/** Options for {@link FileLockStore.acquire}. */
export interface AcquireFileLockOptions {
  /**
   * How long to wait for a lock that a running process holds, in milliseconds.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * Milliseconds between attempts.
   * @default 50
   */
  readonly intervalMs?: number;
  /**
   * Tells whether a process is running; tests pass a fake.
   * @default isProcessAlive
   */
  readonly isProcessAlive?: (pid: number) => boolean;
}

/**
 * Per-file locks in the history, which every MetaClear process on this home shares. A lock
 * names its owner process, so one left by a killed process is taken over instead of blocking
 * the file forever.
 */
export class FileLockStore {
  readonly #db: HistoryDatabase;
  readonly #owner: ProcessOwner;

  constructor(db: HistoryDatabase, owner: ProcessOwner) {
    this.#db = db;
    this.#owner = owner;
  }

  /**
   * Takes the lock on `filePath` when it is free, held by this process already, or left by a
   * process that is gone. Returns false when a running process holds it.
   */
  tryAcquire(filePath: string, isAlive: (pid: number) => boolean = isProcessAlive): boolean {
    return this.#db.write((db) => {
      const row = db
        .prepare<[string], FileLockRow>(
          'SELECT owner_pid, owner_token FROM file_locks WHERE path = ?',
        )
        .get(filePath);
      const holder = row === undefined ? null : { pid: row.owner_pid, token: row.owner_token };
      if (holder !== null && holder.token !== this.#owner.token) {
        if (!isOwnerGone(holder, this.#owner, isAlive)) {
          return false;
        }
      }
      db.prepare(
        `INSERT OR REPLACE INTO file_locks (path, owner_pid, owner_token, acquired_at)
         VALUES (?, ?, ?, ?)`,
      ).run(filePath, this.#owner.pid, this.#owner.token, new Date().toISOString());
      return true;
    });
  }

  /**
   * Waits until this process holds the lock on `filePath`, and resolves with the function that
   * releases it.
   *
   * @throws AppError `E_FILE_BUSY` when another running process still holds it after
   *   `timeoutMs`.
   */
  async acquire(filePath: string, options: AcquireFileLockOptions = {}): Promise<() => void> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const intervalMs = options.intervalMs ?? 50;
    const isAlive = options.isProcessAlive ?? isProcessAlive;
    const deadline = Date.now() + timeoutMs;
    while (!this.tryAcquire(filePath, isAlive)) {
      if (Date.now() >= deadline) {
        throw new AppError(
          'E_FILE_BUSY',
          `${filePath} is being cleaned by another MetaClear process, which still held it after ${Math.round(timeoutMs / 1000)} s; run the command again once that process ends.`,
          { path: filePath },
        );
      }
      await sleep(intervalMs);
    }
    return () => {
      this.release(filePath);
    };
  }

  /** Releases this process's lock on `filePath`; a lock another process holds stays. */
  release(filePath: string): void {
    this.#db.write((db) => {
      db.prepare('DELETE FROM file_locks WHERE path = ? AND owner_token = ?').run(
        filePath,
        this.#owner.token,
      );
    });
  }
}
