import type { FolderStore, PresentFile } from '../commit/history/folder-store.js';
import type { FileSignature } from './file-signature.js';

/** The daemon's record of one watched folder, keyed by its absolute path. */
export interface FolderRecord {
  /** When the daemon first watched the folder, as ISO-8601 with an offset. */
  readonly addedAt: string;
  /**
   * {@link getExistingFileKey} of each file present at `addedAt`, when the folder's `existing`
   * rule was `skip`. Empty when it was `clean`, because those files were all cleaned.
   */
  readonly existingFiles: ReadonlySet<string>;
}

/**
 * Returns the key that identifies a file present when its folder was added: inode, size and
 * mtime. A file renamed inside the folder keeps its key, and any write changes it.
 */
export function getExistingFileKey(
  signature: Pick<FileSignature, 'ino' | 'size' | 'mtimeNs'>,
): string {
  return `${signature.ino}:${signature.size}:${signature.mtimeNs}`;
}

/**
 * Loads the records of the given folders from the history; folders never added are missing
 * from the map.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be read.
 */
export function loadFolderRecords(
  store: FolderStore,
  folderPaths: readonly string[],
): Map<string, FolderRecord> {
  const records = new Map<string, FolderRecord>();
  for (const folderPath of folderPaths) {
    const stored = store.get(folderPath);
    if (stored !== null) {
      const existingFiles = new Set(stored.presentFiles.map(getExistingFileKey));
      records.set(folderPath, { addedAt: stored.addedAt, existingFiles });
    }
  }
  return records;
}

/**
 * Records newly added folders in the history. A folder recorded before keeps its first
 * record, so its `addedAt` never moves.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be written.
 */
export function saveFolderRecords(
  store: FolderStore,
  records: ReadonlyMap<string, FolderRecord>,
): void {
  for (const [folderPath, record] of records) {
    const presentFiles = [...record.existingFiles].flatMap(parseExistingFileKey);
    store.add(folderPath, { addedAt: record.addedAt, presentFiles });
  }
}

function parseExistingFileKey(key: string): PresentFile[] {
  const [ino, size, mtimeNs] = key.split(':');
  if (ino === undefined || size === undefined || mtimeNs === undefined) {
    return [];
  }
  return [{ ino, size: Number(size), mtimeNs }];
}
