import { AppError, isAppError } from '../../shared/errors.js';

/**
 * Wraps a failure of the history database in AppError `E_HISTORY_UNAVAILABLE`, naming the
 * database file and SQLite's error code (such as `SQLITE_BUSY`, `SQLITE_FULL` or
 * `SQLITE_CORRUPT`). An AppError passes through unchanged.
 */
export function toHistoryError(error: unknown, dbPath: string): AppError {
  if (isAppError(error)) {
    return error;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const sqliteCode = typeof code === 'string' ? ` (${code})` : '';
  return new AppError(
    'E_HISTORY_UNAVAILABLE',
    `The history database ${dbPath} failed${sqliteCode}: ${detail}. Check the free space and permissions of its folder; move the file aside to start a new history.`,
    { cause: error, path: dbPath },
  );
}
