import type { FolderStore, PresentFile } from '../commit/history/folder-store.js';
import type { FileSignature } from './file-signature.js';

/** The daemon's record of one watched folder, keyed by its absolute path. */
export interface FolderRecord {
  /** When the daemon first watched the folder, as ISO-8601 with an offset. */
  readonly addedAt: string;
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
 * Loads the records of the given folders from the history, and calls `visitExistingFile`
 * with each file present when one of them was added. Folders never added are missing from
 * the map.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be read.
 */
export function loadFolderRecords(
  store: FolderStore,
  folderPaths: readonly string[],
  visitExistingFile: (file: PresentFile) => void = () => undefined,
): Map<string, FolderRecord> {
  const records = new Map<string, FolderRecord>();
  for (const folderPath of folderPaths) {
    const addedAt = store.getAddedAt(folderPath);
    if (addedAt !== null) {
      store.forEachPresentFile(folderPath, visitExistingFile);
      records.set(folderPath, { addedAt });
    }
  }
  return records;
}

/**
 * Records a newly added folder in the history with the {@link getExistingFileKey} of each
 * file present then, in one transaction. A folder recorded before keeps its first record, so
 * its `addedAt` never moves.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be written.
 */
export function saveFolderRecord(
  store: FolderStore,
  folderPath: string,
  record: FolderRecord,
  existingFileKeys: readonly string[],
): void {
  store.add(folderPath, {
    addedAt: record.addedAt,
    presentFiles: parseExistingFileKeys(existingFileKeys),
  });
}

/** Yields the file each key describes, skipping malformed keys. */
export function* parseExistingFileKeys(keys: Iterable<string>): Generator<PresentFile> {
  for (const key of keys) {
    const [ino, size, mtimeNs] = key.split(':');
    if (ino !== undefined && size !== undefined && mtimeNs !== undefined) {
      yield { ino, size: Number(size), mtimeNs };
    }
  }
}
