import { constants, type BigIntStats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { AppError } from '../shared/errors.js';
import type { CommitFileSystem } from './commit-file-system.js';
import { hashBytes } from './hash-file.js';

/** A file's bytes together with the identity they were read under. */
export interface SourceBytes {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** `lstat()` of the file, taken before the read and matching the bytes read. */
  readonly stats: BigIntStats;
}

/** A file's bytes, the identity they were read under, and their hash. */
export interface SourceFile extends SourceBytes {
  /** Hex SHA-256 of `bytes`, which the journal records and vault copies are checked against. */
  readonly sha256: string;
}

/**
 * Reads a regular file without following links, {@link statSourceFile} then
 * {@link readSourceContents}, and hashes its bytes.
 *
 * @throws the errors of both.
 */
export async function readSourceFile(filePath: string, maxFileBytes: number): Promise<SourceFile> {
  const stats = await statSourceFile(filePath, maxFileBytes);
  const bytes = await readSourceContents(filePath, stats);
  return { path: filePath, bytes, stats, sha256: hashBytes(bytes) };
}

/**
 * Returns the `lstat()` of a file to clean, checked to be a regular file within the size limit.
 * Its contents are read by {@link readSourceContents}, possibly on another thread.
 *
 * @throws AppError `E_NOT_FOUND`, `E_NOT_A_FILE` (directory, link, device, FIFO, socket),
 *   `E_FILE_TOO_LARGE` (above `maxFileBytes`) or `E_PERMISSION`.
 */
export async function statSourceFile(filePath: string, maxFileBytes: number): Promise<BigIntStats> {
  const stats = await lstatOrThrow(filePath);
  assertRegularFile(filePath, stats);
  if (stats.size > BigInt(maxFileBytes)) {
    throw new AppError(
      'E_FILE_TOO_LARGE',
      `${filePath} is ${stats.size} bytes, above the limit of ${maxFileBytes} bytes; raise limits.maxFileBytes to clean it.`,
      { path: filePath },
    );
  }
  return stats;
}

/**
 * Reads the bytes of the file that `expected` (from {@link statSourceFile}) describes. Opening
 * with `O_NONBLOCK` keeps a FIFO from blocking, and `O_NOFOLLOW` rejects a link swapped in
 * after the `lstat()`. It needs only the identity fields of `expected`, so a worker thread can
 * run it with a structured-clone copy of the stats.
 *
 * @throws AppError `E_NOT_FOUND`, `E_NOT_A_FILE` (a link), `E_PERMISSION`, or
 *   `E_SOURCE_CHANGED` when the file is no longer the one `expected` describes or changed
 *   while it was read.
 */
export async function readSourceContents(
  filePath: string,
  expected: FileIdentityStats,
): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const handle = await open(
      filePath,
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
    try {
      assertSameFile(filePath, expected, await handle.stat({ bigint: true }));
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toReadError(filePath, error);
  }
  if (BigInt(bytes.byteLength) !== expected.size) {
    throw createSourceChangedError(filePath);
  }
  await assertSourceUnchanged({ path: filePath, stats: expected });
  return bytes;
}

/** The fields of a bigint `lstat()` that identify one version of a file. */
export type FileIdentityStats = Pick<BigIntStats, 'dev' | 'ino' | 'size' | 'mtimeNs'>;

/**
 * Checks that the file at `source.path` is still the one read: same device, inode, size and
 * modification time.
 *
 * @throws AppError `E_SOURCE_CHANGED` when it changed or was replaced, `E_NOT_FOUND` when gone.
 */
export async function assertSourceUnchanged(
  source: { readonly path: string; readonly stats: FileIdentityStats },
  fs?: CommitFileSystem,
): Promise<void> {
  assertSameFile(source.path, source.stats, await lstatOrThrow(source.path, fs));
}

function assertSameFile(
  filePath: string,
  expected: FileIdentityStats,
  actual: FileIdentityStats,
): void {
  const isSame =
    actual.dev === expected.dev &&
    actual.ino === expected.ino &&
    actual.size === expected.size &&
    actual.mtimeNs === expected.mtimeNs;
  if (!isSame) {
    throw createSourceChangedError(filePath);
  }
}

function createSourceChangedError(filePath: string): AppError {
  return new AppError(
    'E_SOURCE_CHANGED',
    `${filePath} changed while it was being cleaned, so nothing was written; clean it again once it is no longer being written.`,
    { path: filePath },
  );
}

function assertRegularFile(filePath: string, stats: BigIntStats): void {
  if (!stats.isFile()) {
    throw new AppError(
      'E_NOT_A_FILE',
      `${filePath} is ${describeFileType(stats)}; only regular files are cleaned.`,
      { path: filePath },
    );
  }
}

function describeFileType(stats: BigIntStats): string {
  if (stats.isDirectory()) {
    return 'a directory';
  }
  if (stats.isSymbolicLink()) {
    return 'a link, which is not followed';
  }
  return 'not a regular file';
}

async function lstatOrThrow(filePath: string, fs?: CommitFileSystem): Promise<BigIntStats> {
  try {
    return await (fs === undefined ? lstat(filePath, { bigint: true }) : fs.lstat(filePath));
  } catch (error) {
    throw toReadError(filePath, error);
  }
}

function toReadError(filePath: string, error: unknown): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return new AppError('E_NOT_FOUND', `${filePath} was not found; check the path.`, {
        cause: error,
        path: filePath,
      });
    case 'EACCES':
    case 'EPERM':
      return new AppError(
        'E_PERMISSION',
        `${filePath} cannot be read: permission denied. Give this user read and write access to it.`,
        { cause: error, path: filePath },
      );
    case 'ELOOP':
      return new AppError('E_NOT_A_FILE', `${filePath} is a link; links are not followed.`, {
        cause: error,
        path: filePath,
      });
    default:
      return error;
  }
}
