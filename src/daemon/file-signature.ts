import { lstat } from 'node:fs/promises';

/**
 * The identity of one version of a file on disk, read with `lstat` in nanoseconds and as
 * strings so inode numbers above 2^53 survive a JSON round trip.
 */
export interface FileSignature {
  readonly ino: string;
  readonly size: number;
  readonly mtimeNs: string;
  /** Changes on every write, rename and `utimes`, and cannot be set from user space. */
  readonly ctimeNs: string;
}

/**
 * Reads the signature of a regular file. Returns null when the path is gone or is not a
 * regular file: links, folders, sockets and devices are never cleaned.
 *
 * @throws the `lstat` error for anything other than a missing path, such as `EACCES`
 */
export async function readFileSignature(filePath: string): Promise<FileSignature | null> {
  try {
    const stats = await lstat(filePath, { bigint: true });
    if (!stats.isFile()) {
      return null;
    }
    return {
      ino: stats.ino.toString(),
      size: Number(stats.size),
      mtimeNs: stats.mtimeNs.toString(),
      ctimeNs: stats.ctimeNs.toString(),
    };
  } catch (error) {
    if (isMissingPathError(error)) {
      return null;
    }
    throw error;
  }
}

/** Returns true when two signatures describe the same version of the same file. */
export function isSameSignature(a: FileSignature, b: FileSignature): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** Returns true for the errors `fs` raises when a path or one of its parents is gone. */
export function isMissingPathError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
