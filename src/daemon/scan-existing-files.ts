import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMissingPathError, readFileSignature } from './file-signature.js';
import { getExistingFileKey } from './folder-records.js';
import { isIgnoredName } from './ignore-rules.js';

/**
 * Returns the {@link getExistingFileKey} of every file the watcher would report in `root`:
 * regular files only, ignored names left out, links never followed, subfolders only when
 * `recursive`. Files and folders that vanish during the scan are skipped.
 */
export async function scanExistingFiles(root: string, recursive: boolean): Promise<Set<string>> {
  const keys = new Set<string>();
  const folders = [root];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const entry of await readFolder(folder)) {
      if (isIgnoredName(entry.name)) {
        continue;
      }
      const entryPath = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (recursive) {
          folders.push(entryPath);
        }
        continue;
      }
      if (!entry.isFile()) {
        continue;
      }
      const signature = await readFileSignature(entryPath);
      if (signature !== null) {
        keys.add(getExistingFileKey(signature));
      }
    }
  }
  return keys;
}

async function readFolder(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissingPathError(error)) {
      return [];
    }
    throw error;
  }
}
