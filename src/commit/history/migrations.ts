import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors.js';

/** One step of the history schema, from `version - 1` to `version`. */
export interface Migration {
  readonly version: number;
  /** A summary of the change, for readers of this list. */
  readonly description: string;
  readonly up: (db: Database) => void;
}

/**
 * The history schema, as an ordered list of steps. The database's `PRAGMA user_version`
 * stores the version of the last step applied. Steps are only ever appended: a released step never changes.
 */
export const HISTORY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'jobs, vault index, needs-attention entries, pause state, folder records',
    up: (db) => {
      db.exec(SCHEMA_V1);
    },
  },
  {
    version: 2,
    description: 'per-file locks that serialise in-place cleaning between processes',
    up: (db) => {
      db.exec(`
CREATE TABLE file_locks (
  path TEXT PRIMARY KEY,
  owner_pid INTEGER NOT NULL,
  owner_token TEXT NOT NULL,
  acquired_at TEXT NOT NULL
) WITHOUT ROWID;`);
    },
  },
  {
    version: 3,
    description: 'files the daemon handled, so a restart neither reads nor watches them again',
    up: (db) => {
      db.exec(`
CREATE TABLE known_files (
  ino TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns TEXT NOT NULL,
  path TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (ino, size, mtime_ns)
) WITHOUT ROWID;
CREATE INDEX known_files_path ON known_files (path);`);
    },
  },
];

const JOB_STATUS_CHECK = `'queued', 'settling', 'running', 'committed', 'failed', 'attention',
  'reverted', 'dismissed'`;

const SCHEMA_V1 = `
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  folder TEXT,
  input TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN (${JOB_STATUS_CHECK})),
  result TEXT CHECK (result IN ('cleaned', 'already-clean', 'unsupported', 'failed', 'skipped')),
  output TEXT,
  original TEXT,
  removed TEXT NOT NULL DEFAULT '[]',
  kept TEXT NOT NULL DEFAULT '[]',
  error_code TEXT,
  reason TEXT,
  input_sha256 TEXT,
  input_dev TEXT,
  input_ino TEXT,
  input_size INTEGER,
  input_mtime_ns TEXT,
  output_sha256 TEXT,
  output_dev TEXT,
  output_ino TEXT,
  output_size INTEGER,
  output_mtime_ns TEXT,
  commit_state TEXT CHECK (commit_state IN ('intent', 'done', 'rolled-back')),
  commit_kind TEXT CHECK (commit_kind IN ('replace', 'publish', 'move')),
  commit_action TEXT CHECK (commit_action IN ('vault', 'trash', 'delete')),
  temp_path TEXT,
  vault_temp_path TEXT,
  staging_dir TEXT,
  reset_output_times INTEGER NOT NULL DEFAULT 0,
  owner_pid INTEGER,
  owner_token TEXT,
  queued_at TEXT,
  started_at TEXT,
  finished_at TEXT,
  duration_ms INTEGER
);
CREATE INDEX jobs_unfinished ON jobs (id)
  WHERE commit_state = 'intent' OR status IN ('queued', 'settling', 'running');
CREATE INDEX jobs_input ON jobs (input);
CREATE INDEX jobs_output ON jobs (output);

CREATE TABLE vault_entries (
  vault_path TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  original_path TEXT NOT NULL,
  output_path TEXT,
  sha256 TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  removed_at TEXT,
  removed_reason TEXT CHECK (removed_reason IN ('pruned', 'reverted'))
);
CREATE INDEX vault_entries_output ON vault_entries (output_path);

CREATE TABLE attention (
  sha256 TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  job_id TEXT,
  error_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  dismissed_at TEXT
);

CREATE TABLE pauses (
  folder TEXT PRIMARY KEY,
  paused_at TEXT NOT NULL,
  until TEXT
);

CREATE TABLE folders (
  path TEXT PRIMARY KEY,
  added_at TEXT NOT NULL
);

CREATE TABLE folder_files (
  folder TEXT NOT NULL REFERENCES folders (path) ON DELETE CASCADE,
  ino TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns TEXT NOT NULL,
  PRIMARY KEY (folder, ino, size, mtime_ns)
) WITHOUT ROWID;
`;

/**
 * Applies every step of `migrations` above the database's `user_version`, each in its own
 * transaction together with the new version number, and returns the version reached.
 *
 * @throws AppError `E_HISTORY_VERSION` when the database is newer than the last step, which
 *   means a newer MetaClear wrote it.
 * @throws RangeError when `migrations` is not numbered 1, 2, 3...
 */
export function migrateHistory(
  db: Database,
  dbPath: string,
  migrations: readonly Migration[] = HISTORY_MIGRATIONS,
): number {
  assertNumbered(migrations);
  const latest = migrations.length;
  const current = getUserVersion(db);
  if (current > latest) {
    throw new AppError(
      'E_HISTORY_VERSION',
      `The history database ${dbPath} has schema version ${current}, newer than version ${latest} that this MetaClear knows. Update MetaClear, or move the file aside to start a new history.`,
      { path: dbPath },
    );
  }
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      // Another process may have applied the step since the version was read.
      if (getUserVersion(db) >= migration.version) {
        return;
      }
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return latest;
}

/** Returns the database's `PRAGMA user_version`. */
export function getUserVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : 0;
}

function assertNumbered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new RangeError(
        `\`migrations[${index}].version\` must be ${index + 1}; received ${migration.version} (number)`,
      );
    }
  });
}
