import type { Database } from 'better-sqlite3';
import path from 'node:path';
import type { HistoryDatabase } from './history-database.js';

/** One original in the vault. */
export interface VaultEntry {
  readonly vaultPath: string;
  readonly jobId: string;
  /** The original's path before it went to the vault. */
  readonly originalPath: string;
  /** The cleaned file published for it, or null when none was (a rolled-back commit). */
  readonly outputPath: string | null;
  /** Hex SHA-256 of the original's bytes. */
  readonly sha256: string;
  /** ISO-8601 time it was stored. */
  readonly storedAt: string;
  /** ISO-8601 time it left the vault, or null while it is there. */
  readonly removedAt: string | null;
  readonly removedReason: 'pruned' | 'reverted' | null;
}

interface VaultEntryRow {
  readonly vault_path: string;
  readonly job_id: string;
  readonly original_path: string;
  readonly output_path: string | null;
  readonly sha256: string;
  readonly stored_at: string;
  readonly removed_at: string | null;
  readonly removed_reason: 'pruned' | 'reverted' | null;
}

/**
 * Inserts a vault entry within a caller's transaction; an entry already at that path is
 * replaced, because one vault path names one file.
 */
export function insertVaultEntry(
  db: Database,
  entry: Omit<VaultEntry, 'removedAt' | 'removedReason'>,
): void {
  db.prepare(
    `INSERT OR REPLACE INTO vault_entries
       (vault_path, job_id, original_path, output_path, sha256, stored_at)
     VALUES (@vaultPath, @jobId, @originalPath, @outputPath, @sha256, @storedAt)`,
  ).run(entry);
}

/**
 * The vault index: which original each vault file is and which cleaned file was published for
 * it, so revert can find one from the other. Commits add entries through the job store.
 */
export class VaultIndex {
  readonly #db: HistoryDatabase;

  constructor(db: HistoryDatabase) {
    this.#db = db;
  }

  /** Returns the entry of a vault file, or null. */
  get(vaultPath: string): VaultEntry | null {
    const row = this.#db.read(
      (db) =>
        db
          .prepare<[string], VaultEntryRow>('SELECT * FROM vault_entries WHERE vault_path = ?')
          .get(vaultPath) ?? null,
    );
    return row === null ? null : toVaultEntry(row);
  }

  /** Returns the entries whose cleaned file was published at `outputPath`, newest first. */
  findByOutput(outputPath: string): VaultEntry[] {
    return this.#db
      .read((db) =>
        db
          .prepare<[string], VaultEntryRow>(
            'SELECT * FROM vault_entries WHERE output_path = ? ORDER BY stored_at DESC',
          )
          .all(outputPath),
      )
      .map(toVaultEntry);
  }

  /** Returns the entries of files still in the vault, oldest first. */
  listPresent(): VaultEntry[] {
    return this.#db
      .read((db) =>
        db
          .prepare<[], VaultEntryRow>(
            'SELECT * FROM vault_entries WHERE removed_at IS NULL ORDER BY stored_at, vault_path',
          )
          .all(),
      )
      .map(toVaultEntry);
  }

  /**
   * Marks every entry under `folder` (a dated vault folder) as removed, and returns how many
   * entries changed.
   */
  markFolderRemoved(folder: string, reason: 'pruned' | 'reverted', at: Date): number {
    const prefix = folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`;
    return this.#db.write(
      (db) =>
        db
          .prepare(
            `UPDATE vault_entries SET removed_at = @at, removed_reason = @reason
             WHERE removed_at IS NULL AND substr(vault_path, 1, length(@prefix)) = @prefix`,
          )
          .run({ prefix, reason, at: at.toISOString() }).changes,
    );
  }

  /** Marks one entry as removed, such as after a revert restored it. */
  markRemoved(vaultPath: string, reason: 'pruned' | 'reverted', at: Date): void {
    this.#db.write((db) => {
      db.prepare(
        `UPDATE vault_entries SET removed_at = @at, removed_reason = @reason
         WHERE vault_path = @vaultPath`,
      ).run({ vaultPath, reason, at: at.toISOString() });
    });
  }
}

function toVaultEntry(row: VaultEntryRow): VaultEntry {
  return {
    vaultPath: row.vault_path,
    jobId: row.job_id,
    originalPath: row.original_path,
    outputPath: row.output_path,
    sha256: row.sha256,
    storedAt: row.stored_at,
    removedAt: row.removed_at,
    removedReason: row.removed_reason,
  };
}
