import path from 'node:path';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';

/**
 * Returns `desiredPath`, or when its name is taken, the first free name with ` (2)`, ` (3)`...
 * before the extension (`photo (2).jpg`). Names are compared case-folded and NFC-normalised,
 * because macOS volumes treat `Photo.JPG` and `photo.jpg`, or NFD and NFC spellings of `é`, as
 * one name. Creates nothing, so a caller must still create the file without overwriting.
 *
 * @example
 * await findFreePath('/out/photo.jpg'); // '/out/photo (2).jpg' when photo.jpg exists
 */
export async function findFreePath(desiredPath: string): Promise<string> {
  return findFreePathExcluding(desiredPath, []);
}

/**
 * Like {@link findFreePath}, also treating `extraTakenPaths` as taken: names the file system
 * reported as existing although they did not show up in the directory listing.
 */
export async function findFreePathExcluding(
  desiredPath: string,
  extraTakenPaths: readonly string[],
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
): Promise<string> {
  const dir = path.dirname(desiredPath);
  const taken = new Set(
    [...(await listNames(dir, fs)), ...extraTakenPaths.map((p) => path.basename(p))].map(foldName),
  );
  const baseName = path.basename(desiredPath);
  const extension = path.extname(baseName);
  const stem = baseName.slice(0, baseName.length - extension.length);
  let candidate = baseName;
  // Ends within taken.size + 1 rounds: each round tries a name that no earlier round tried.
  for (let counter = 2; taken.has(foldName(candidate)); counter += 1) {
    candidate = `${stem} (${counter})${extension}`;
  }
  return path.join(dir, candidate);
}

async function listNames(dir: string, fs: CommitFileSystem): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

/** Folds a name so that names one file system would treat as equal compare equal. */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
