import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';

/** Flushes a file's data and metadata to disk. */
export async function fsyncFile(
  filePath: string,
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
): Promise<void> {
  const handle = await fs.open(filePath, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Error codes of file systems that cannot fsync a directory. */
const UNSUPPORTED_DIRECTORY_SYNC = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR']);

/**
 * Flushes a directory's entries to disk, so a rename, link or unlink in it survives a power
 * loss. File systems that cannot fsync a directory are skipped, so there a power loss may
 * still undo the last change.
 */
export async function fsyncDirectory(
  dir: string,
  fs: CommitFileSystem = NODE_FILE_SYSTEM,
): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (!UNSUPPORTED_DIRECTORY_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) {
      throw error;
    }
  } finally {
    await handle.close();
  }
}
