import { ulid } from 'ulid';
import type { CommitJournal } from '../commit-journal.js';
import { AttentionStore } from './attention-store.js';
import { FileLockStore } from './file-lock-store.js';
import { FolderStore } from './folder-store.js';
import type { HistoryDatabase } from './history-database.js';
import { createHistoryJournal, type HistoryJournalOptions } from './history-journal.js';
import { JobStore } from './job-store.js';
import { KnownFileStore } from './known-file-store.js';
import { PauseStore } from './pause-store.js';
import { pruneHistory, type PruneHistoryResult } from './prune-history.js';
import type { ProcessOwner } from './process-owner.js';
import { VaultIndex } from './vault-index.js';

/**
 * MetaClear's durable state in `<state>/history.db`: jobs and their commit journal, the vault
 * index, "needs attention" entries, pause state, folder records, per-file locks and the files the daemon already handled. The daemon and the CLI
 * share one file, so history agrees whichever of them did the work.
 */
export class HistoryStore {
  readonly jobs: JobStore;
  readonly vault: VaultIndex;
  readonly attention: AttentionStore;
  readonly pauses: PauseStore;
  readonly folders: FolderStore;
  readonly locks: FileLockStore;
  readonly knownFiles: KnownFileStore;
  /** This process, as it is recorded on the jobs it runs. */
  readonly owner: ProcessOwner;
  readonly #db: HistoryDatabase;

  constructor(db: HistoryDatabase, owner: ProcessOwner) {
    this.#db = db;
    this.owner = owner;
    this.jobs = new JobStore(db, owner);
    this.vault = new VaultIndex(db);
    this.attention = new AttentionStore(db);
    this.pauses = new PauseStore(db);
    this.folders = new FolderStore(db);
    this.locks = new FileLockStore(db, owner);
    this.knownFiles = new KnownFileStore(db);
  }

  /** The database file. */
  get path(): string {
    return this.#db.path;
  }

  /**
   * Creates the journal for one commit, to pass to `processFile`.
   *
   * @example
   * const jobId = ulid();
   * await processFile({ ...options, journal: history.createJournal(jobId) });
   */
  createJournal(jobId: string = ulid(), options: HistoryJournalOptions = {}): CommitJournal {
    return createHistoryJournal(this.jobs, jobId, options);
  }

  /** Deletes the history older than `before` for `metaclear forget`; see {@link pruneHistory}. */
  forget(before: Date): PruneHistoryResult {
    return pruneHistory(this.#db, before);
  }

  /** Closes the database. Closing twice does nothing. */
  close(): void {
    this.#db.close();
  }
}
