import type { FolderStore, PresentFile } from '../commit/history/folder-store.js';
import type { FolderConfig } from '../config/config-schema.js';
import {
  loadFolderRecords,
  parseExistingFileKeys,
  saveFolderRecord,
  type FolderRecord,
} from './folder-records.js';
import { resolveFolderRoot, type FolderRoot } from './resolve-folder-root.js';
import { scanExistingFiles } from './scan-existing-files.js';

/** A configured folder, ready to watch or with the reason it cannot be watched. */
export interface PreparedFolder {
  readonly config: FolderConfig;
  readonly root: FolderRoot;
  /** Null when the folder is unavailable. */
  readonly record: FolderRecord | null;
}

/**
 * Resolves each folder's real path and loads its record from the history. A folder seen for
 * the first time is recorded as added at `now`, with the files present then when its `existing`
 * rule is `skip`. An unavailable folder gets no record, so it counts as added when it first
 * becomes available. `visitExistingFile` receives each file present when a folder was added,
 * whether that record was stored earlier or just now.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be read or written.
 */
export async function prepareFolders(
  folders: readonly FolderConfig[],
  store: FolderStore,
  now: Date,
  visitExistingFile: (file: PresentFile) => void = () => undefined,
): Promise<PreparedFolder[]> {
  const records = loadFolderRecords(
    store,
    folders.map((folder) => folder.path),
    visitExistingFile,
  );
  const prepared: PreparedFolder[] = [];
  for (const folder of folders) {
    const root = await resolveFolderRoot(folder.path);
    if (!root.ok) {
      prepared.push({ config: folder, root, record: null });
      continue;
    }
    let record = records.get(folder.path);
    if (record === undefined) {
      record = await addRecord(folder, root.root, store, now, visitExistingFile);
      records.set(folder.path, record);
    }
    prepared.push({ config: folder, root, record });
  }
  return prepared;
}

async function addRecord(
  folder: FolderConfig,
  root: string,
  store: FolderStore,
  now: Date,
  visitExistingFile: (file: PresentFile) => void,
): Promise<FolderRecord> {
  const record = { addedAt: now.toISOString() };
  const keys =
    folder.existing === 'clean' ? [] : await scanExistingFiles(root, folder.recursive, now);
  saveFolderRecord(store, folder.path, record, keys);
  for (const file of parseExistingFileKeys(keys)) {
    visitExistingFile(file);
  }
  return record;
}
