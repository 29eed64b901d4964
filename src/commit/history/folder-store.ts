import type { HistoryDatabase } from './history-database.js';

/** A file present when its folder was added, by inode, size and modification time. */
export interface PresentFile {
  /** Decimal inode number; inodes may pass 2^53. */
  readonly ino: string;
  readonly size: number;
  /** Modification time in nanoseconds since the epoch, as a decimal string. */
  readonly mtimeNs: string;
}

/** The stored record of one watched folder. */
export interface StoredFolder {
  /** ISO-8601 time the daemon first watched the folder. */
  readonly addedAt: string;
  /** The files present then, when the folder's `existing` rule was `skip`. */
  readonly presentFiles: readonly PresentFile[];
}

/**
 * When each watched folder was added and which files it held then. Change times are not kept,
 * because writing an extended attribute (a Finder tag, say) changes them without changing the
 * file.
 */
export class FolderStore {
  readonly #db: HistoryDatabase;

  constructor(db: HistoryDatabase) {
    this.#db = db;
  }

  /** Returns a folder's record, or null when it was never added. */
  get(folderPath: string): StoredFolder | null {
    return this.#db.read((db) => {
      const folder = db
        .prepare<[string], { added_at: string }>('SELECT added_at FROM folders WHERE path = ?')
        .get(folderPath);
      if (folder === undefined) {
        return null;
      }
      const presentFiles = db
        .prepare<[string], { ino: string; size: number; mtime_ns: string }>(
          'SELECT ino, size, mtime_ns FROM folder_files WHERE folder = ?',
        )
        .all(folderPath)
        .map((row) => ({ ino: row.ino, size: row.size, mtimeNs: row.mtime_ns }));
      return { addedAt: folder.added_at, presentFiles };
    });
  }

  /** Returns when a folder was added, as ISO-8601, or null when it was never added. */
  getAddedAt(folderPath: string): string | null {
    const folder = this.#db.read((db) =>
      db
        .prepare<[string], { added_at: string }>('SELECT added_at FROM folders WHERE path = ?')
        .get(folderPath),
    );
    return folder?.added_at ?? null;
  }

  /**
   * Calls `visit` with each file present when the folder was added. Rows are read one at a
   * time, so a folder added with 100,000 files costs no array of them.
   */
  forEachPresentFile(folderPath: string, visit: (file: PresentFile) => void): void {
    this.#db.read((db) => {
      const rows = db
        .prepare<[string], [string, number, string]>(
          'SELECT ino, size, mtime_ns FROM folder_files WHERE folder = ?',
        )
        .raw()
        .iterate(folderPath);
      for (const [ino, size, mtimeNs] of rows) {
        visit({ ino, size, mtimeNs });
      }
    });
  }

  /**
   * Records a folder and the files present in it, in one transaction. A folder already
   * recorded is kept. `presentFiles` is read once, so it may be a generator.
   */
  add(folderPath: string, folder: { addedAt: string; presentFiles: Iterable<PresentFile> }): void {
    this.#db.write((db) => {
      const inserted = db
        .prepare('INSERT OR IGNORE INTO folders (path, added_at) VALUES (?, ?)')
        .run(folderPath, folder.addedAt);
      if (inserted.changes === 0) {
        return;
      }
      const insertFile = db.prepare(
        'INSERT OR IGNORE INTO folder_files (folder, ino, size, mtime_ns) VALUES (?, ?, ?, ?)',
      );
      for (const file of folder.presentFiles) {
        insertFile.run(folderPath, file.ino, file.size, file.mtimeNs);
      }
    });
  }

  /** Forgets a folder and its files, so it counts as added anew when it is watched again. */
  remove(folderPath: string): void {
    this.#db.write((db) => {
      db.prepare('DELETE FROM folders WHERE path = ?').run(folderPath);
    });
  }
}
