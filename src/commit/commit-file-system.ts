import { constants, type BigIntStats } from 'node:fs';
import {
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  rename,
  rmdir,
  unlink,
  utimes,
  type FileHandle,
} from 'node:fs/promises';
import trash from 'trash';

/**
 * The file system operations of a commit. Every commit step takes one, so tests can fail any
 * single operation (ENOSPC, EACCES, EXDEV, EIO) and check what the commit leaves behind.
 * Methods behave as their `node:fs/promises` namesakes.
 */
export interface CommitFileSystem {
  open(filePath: string, flags: string | number, mode?: number): Promise<FileHandle>;
  link(existingPath: string, newPath: string): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(filePath: string): Promise<void>;
  /** Creates `dir` and its missing parents; resolves with the first folder created, if any. */
  mkdir(dir: string, mode?: number): Promise<string | undefined>;
  rmdir(dir: string): Promise<void>;
  /** Copies without replacing: fails with EEXIST when `destination` exists. */
  copyFile(source: string, destination: string): Promise<void>;
  utimes(filePath: string, atime: number | Date, mtime: number | Date): Promise<void>;
  lstat(filePath: string): Promise<BigIntStats>;
  readdir(dir: string): Promise<string[]>;
  /**
   * Moves a file to the user's trash (Finder trash on macOS, XDG trash on Linux). Resolves with
   * the path of the XDG `.trashinfo` file written for it, or null where there is none or it is
   * not known.
   */
  trash(filePath: string): Promise<string | null>;
}

/** The real file system, through `node:fs/promises` and the `trash` package. */
export const NODE_FILE_SYSTEM: CommitFileSystem = Object.freeze({
  open: (filePath: string, flags: string | number, mode?: number) => open(filePath, flags, mode),
  link,
  rename,
  unlink,
  mkdir: (dir: string, mode?: number) =>
    mkdir(dir, mode === undefined ? { recursive: true } : { recursive: true, mode }),
  rmdir: (dir: string) => rmdir(dir),
  copyFile: (source: string, destination: string) =>
    copyFile(source, destination, constants.COPYFILE_EXCL),
  utimes,
  lstat: (filePath: string) => lstat(filePath, { bigint: true }),
  readdir: (dir: string) => readdir(dir),
  // Glob off, or a name holding `*`, `[` or `{` would be read as a pattern.
  trash: async (filePath: string) => {
    // Typed as void, so the result is read as unknown.
    const result: unknown = await (trash as (...args: unknown[]) => Promise<unknown>)(filePath, {
      glob: false,
    });
    return findTrashInfoPath(result);
  },
});

/**
 * Returns the `.trashinfo` path from the result of `trash()`. trash 10.1.1 resolves on Linux
 * with `[{ path, info }]` per file, although its types declare void, so the result is checked.
 */
function findTrashInfoPath(result: unknown): string | null {
  const first: unknown = Array.isArray(result) ? result[0] : undefined;
  const info = (first as { info?: unknown } | undefined)?.info;
  return typeof info === 'string' ? info : null;
}
