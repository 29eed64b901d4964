import type { HistoryDatabase } from './history-database.js';

/** How many rows {@link pruneHistory} removed, by table. */
export interface PruneHistoryResult {
  readonly jobs: number;
  readonly vaultEntries: number;
  readonly attentionEntries: number;
}

const UNFINISHED = `coalesce(commit_state, '') = 'intent' OR status IN ('queued', 'settling', 'running')`;

/**
 * Deletes the history older than `before`: finished jobs, index entries of originals that
 * have left the vault, and "needs attention" entries last seen before it. Unfinished jobs stay
 * for recovery, and so do the jobs and entries of originals still in the vault, which revert
 * needs. The rows contain file paths, so the file is compacted afterwards: no copy of them
 * stays in free pages or in the WAL file.
 */
export function pruneHistory(db: HistoryDatabase, before: Date): PruneHistoryResult {
  const cutoff = before.toISOString();
  const result = db.write((connection) => {
    const jobs = connection
      .prepare(
        `DELETE FROM jobs
         WHERE NOT (${UNFINISHED})
           AND coalesce(finished_at, started_at, queued_at) < @cutoff
           AND id NOT IN (SELECT job_id FROM vault_entries WHERE removed_at IS NULL)`,
      )
      .run({ cutoff }).changes;
    const vaultEntries = connection
      .prepare('DELETE FROM vault_entries WHERE removed_at IS NOT NULL AND removed_at < @cutoff')
      .run({ cutoff }).changes;
    const attentionEntries = connection
      .prepare('DELETE FROM attention WHERE last_seen_at < @cutoff')
      .run({ cutoff }).changes;
    return { jobs, vaultEntries, attentionEntries };
  });
  db.compact();
  return result;
}
