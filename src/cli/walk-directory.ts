import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

/** A regular file found under a walked folder. */
export interface WalkedFile {
  /** `root` joined with `relativePath`. */
  readonly path: string;
  /** Path below the walked folder, such as `2024/a.jpg`. */
  readonly relativePath: string;
  /** Number of hard links (`nlink`); above 1 the same bytes have other names. */
  readonly linkCount: number;
  /** Size in bytes when walked. */
  readonly size: number;
}

/** A folder or file under the walked folder that could not be read. */
export interface WalkFailure {
  readonly path: string;
  readonly error: NodeJS.ErrnoException;
}

/** Options for {@link walkDirectory}. */
export interface WalkOptions {
  /** Names to leave out, files and folders alike: the daemon's ignore rules. */
  readonly isIgnoredName: (baseName: string) => boolean;
  /** Real paths of folders to leave out, such as the `--out` folder and the vault. */
  readonly excludedDirs?: ReadonlySet<string>;
}

/**
 * The files {@link walkDirectory} found, in sorted depth-first order, and the entries it could
 * not read.
 */
export interface WalkResult {
  readonly files: readonly WalkedFile[];
  readonly failures: readonly WalkFailure[];
}

/**
 * Lists the regular files under `root`, recursively. Symbolic links are never followed or
 * listed, and neither are ignored names, excluded folders, sockets, FIFOs or devices. Entries
 * are sorted by name (UTF-16 code units) so the result does not depend on the file system's
 * order. Files that vanish during the walk are left out.
 */
export async function walkDirectory(root: string, options: WalkOptions): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const failures: WalkFailure[] = [];
  const excludedDirs = options.excludedDirs ?? new Set<string>();
  const realRoot = await realpath(root);

  async function visit(relativeDir: string): Promise<void> {
    const dir = path.join(root, relativeDir);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      failures.push({ path: dir, error: error as NodeJS.ErrnoException });
      return;
    }
    // Names within one folder are unique, so the comparison never needs to return 0.
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));

    for (const entry of entries) {
      if (options.isIgnoredName(entry.name) || entry.isSymbolicLink()) {
        continue;
      }
      const relativePath = path.join(relativeDir, entry.name);
      if (entry.isDirectory()) {
        // The walk never follows a link, so joining onto the real root gives a real path.
        if (!excludedDirs.has(path.join(realRoot, relativePath))) {
          await visit(relativePath);
        }
      } else if (entry.isFile()) {
        await addFile(relativePath);
      }
    }
  }

  async function addFile(relativePath: string): Promise<void> {
    const filePath = path.join(root, relativePath);
    try {
      const stats = await lstat(filePath);
      if (stats.isFile()) {
        files.push({ path: filePath, relativePath, linkCount: stats.nlink, size: stats.size });
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        failures.push({ path: filePath, error: error as NodeJS.ErrnoException });
      }
    }
  }

  await visit('');
  return { files, failures };
}
