import path from 'node:path';
import { ulid } from 'ulid';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';
import { copyXattrs } from './extended-attributes.js';
import type { FileTimes } from './file-times.js';

/**
 * The name prefix of MetaClear's temp files and staging folders. They are hidden, so file
 * managers skip them, and the watcher's ignore rules and a recovery pass can find them by name.
 */
export const TEMP_FILE_PREFIX = '.metaclear-';

/** The name suffix of MetaClear's temp files and staging folders. */
export const TEMP_FILE_SUFFIX = '.tmp';

/** Returns true for a name made by {@link createTempPath}. */
export function isTempFileName(baseName: string): boolean {
  return baseName.startsWith(TEMP_FILE_PREFIX) && baseName.endsWith(TEMP_FILE_SUFFIX);
}

/** Returns a new hidden temp path in `dir`: `.metaclear-<ulid>.tmp`. Creates nothing. */
export function createTempPath(dir: string): string {
  return path.join(dir, `${TEMP_FILE_PREFIX}${ulid()}${TEMP_FILE_SUFFIX}`);
}

/** Options for {@link writeTempFile} and {@link writeNewFile}. */
export interface WriteTempFileOptions {
  /**
   * Permission bits of the new file.
   * @default 0o666 minus the umask
   */
  readonly mode?: number;
  /** Access and modification times to give the file before it is flushed. */
  readonly times?: FileTimes;
  /** Extended attributes to copy from another file before the new file is flushed. */
  readonly xattrs?: { readonly source: string; readonly names: readonly string[] };
  /**
   * The file system to write through.
   * @default NODE_FILE_SYSTEM
   */
  readonly fs?: CommitFileSystem;
}

/**
 * Writes `bytes` to a new hidden temp file in `dir`, flushes it to disk and returns its path.
 * The file is removed again when any step fails.
 */
export async function writeTempFile(
  dir: string,
  bytes: Uint8Array,
  options: WriteTempFileOptions = {},
): Promise<string> {
  const tempPath = createTempPath(dir);
  await writeNewFile(tempPath, bytes, options);
  return tempPath;
}

/**
 * Creates `filePath` (failing with EEXIST when it exists), writes `bytes`, sets the mode, times
 * and extended attributes, and flushes the file to disk. The file is removed again when any step fails.
 */
export async function writeNewFile(
  filePath: string,
  bytes: Uint8Array,
  options: WriteTempFileOptions = {},
): Promise<void> {
  const fs = options.fs ?? NODE_FILE_SYSTEM;
  const handle = await fs.open(filePath, 'wx', options.mode ?? 0o666);
  try {
    try {
      await handle.writeFile(bytes);
      if (options.mode !== undefined) {
        // The umask applied by open() would drop bits the original file had.
        await handle.chmod(options.mode);
      }
      if (options.times !== undefined) {
        await handle.utimes(options.times.atime, options.times.mtime);
      }
      if (options.xattrs !== undefined) {
        await copyXattrs(options.xattrs.source, filePath, options.xattrs.names);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await removeFileIfPresent(filePath, fs);
    throw error;
  }
}

/** Deletes a file, doing nothing when it is already gone. */
export async function removeFileIfPresent(
  filePath: string,
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
): Promise<void> {
  try {
    await fs.unlink(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
}
