import type { FolderStore } from '../commit/history/folder-store.js';
import type { FolderConfig } from '../config/config-schema.js';
import { loadFolderRecords, saveFolderRecords, type FolderRecord } from './folder-records.js';
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
 * becomes available.
 *
 * @throws AppError `E_HISTORY_UNAVAILABLE` when the history cannot be read or written.
 */
export async function prepareFolders(
  folders: readonly FolderConfig[],
  store: FolderStore,
  now: Date,
): Promise<PreparedFolder[]> {
  const records = loadFolderRecords(
    store,
    folders.map((folder) => folder.path),
  );
  const prepared: PreparedFolder[] = [];
  let isChanged = false;
  for (const folder of folders) {
    const root = await resolveFolderRoot(folder.path);
    if (!root.ok) {
      prepared.push({ config: folder, root, record: null });
      continue;
    }
    let record = records.get(folder.path);
    if (record === undefined) {
      record = await createRecord(folder, root.root, now);
      records.set(folder.path, record);
      isChanged = true;
    }
    prepared.push({ config: folder, root, record });
  }
  if (isChanged) {
    saveFolderRecords(store, records);
  }
  return prepared;
}

async function createRecord(folder: FolderConfig, root: string, now: Date): Promise<FolderRecord> {
  const addedAt = now.toISOString();
  if (folder.existing === 'clean') {
    return { addedAt, existingFiles: new Set() };
  }
  return { addedAt, existingFiles: await scanExistingFiles(root, folder.recursive) };
}
