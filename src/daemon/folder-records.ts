import { readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import * as z from 'zod';
import { AppError } from '../shared/errors.js';
import type { FileSignature } from './file-signature.js';

// TODO: folder records move into the SQLite history. Until it also records the files cleaned in
// place, every start reads each of them again and reports it `already-clean`.

/** The name of the records file in the state dir. */
export const FOLDER_RECORDS_FILE = 'folders.json';

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

const recordsFileSchema = z.object({
  version: z.literal(1),
  folders: z.record(
    z.string(),
    z.object({ addedAt: z.string(), existingFiles: z.array(z.string()) }),
  ),
});

/**
 * Returns the key that identifies a file present when its folder was added: inode, size and
 * mtime. A file renamed inside the folder keeps its key, and any write changes it.
 */
export function getExistingFileKey(signature: FileSignature): string {
  return `${signature.ino}:${signature.size}:${signature.mtimeNs}`;
}

/**
 * Loads the folder records from the state dir, or an empty map when there are none yet.
 *
 * @throws AppError `E_INTERNAL` when the file exists but does not hold valid records.
 */
export async function loadFolderRecords(stateDir: string): Promise<Map<string, FolderRecord>> {
  const filePath = path.join(stateDir, FOLDER_RECORDS_FILE);
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return new Map();
    }
    throw error;
  }
  const parsed = recordsFileSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new AppError(
      'E_INTERNAL',
      `Invalid folder records ${filePath}. Delete the file to record every watched folder as added now.`,
      { cause: parsed.error, path: filePath },
    );
  }
  const records = new Map<string, FolderRecord>();
  for (const [folderPath, record] of Object.entries(parsed.data.folders)) {
    records.set(folderPath, {
      addedAt: record.addedAt,
      existingFiles: new Set(record.existingFiles),
    });
  }
  return records;
}

/** Writes the folder records to the state dir atomically, readable by this user only. */
export async function saveFolderRecords(
  stateDir: string,
  records: ReadonlyMap<string, FolderRecord>,
): Promise<void> {
  const folders: Record<string, { addedAt: string; existingFiles: string[] }> = {};
  for (const [folderPath, record] of records) {
    folders[folderPath] = { addedAt: record.addedAt, existingFiles: [...record.existingFiles] };
  }
  const text = `${JSON.stringify({ version: 1, folders })}\n`;
  await writeFileAtomic(path.join(stateDir, FOLDER_RECORDS_FILE), text, { mode: 0o600 });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
