import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode } from '../shared/errors.js';
import { walkDirectory, type WalkOptions } from './walk-directory.js';

/** The fields every collected input has. */
interface InputBase {
  /** Absolute path. */
  readonly path: string;
  /** The path as the user wrote it, or their folder joined with the walked relative path. */
  readonly displayPath: string;
}

/** One input of `clean` or `check`, after folders have been walked. */
export type CollectedInput =
  | (InputBase & {
      readonly kind: 'file';
      /** True for a PATH given on the command line, false for a file found by walking. */
      readonly explicit: boolean;
      /** Path below `--out DIR`: the base name, or the walked folder's name and below. */
      readonly relativeOutputPath: string;
      readonly linkCount: number;
      /** Size in bytes when collected, which limits how many files a batch reads at once. */
      readonly size: number;
    })
  /** A symbolic link given on the command line; walks never list links. */
  | (InputBase & { readonly kind: 'link' })
  /** A FIFO, socket or device given on the command line. */
  | (InputBase & { readonly kind: 'not-a-file' })
  | (InputBase & { readonly kind: 'error'; readonly code: ErrorCode; readonly reason: string });

/**
 * Expands the PATHs of `clean` or `check` into inputs, in command-line order: a file stays one
 * input, a folder is walked (see {@link walkDirectory}) and keeps its own name in
 * `relativeOutputPath`. A file reached twice is listed once.
 */
export async function collectInputs(
  paths: readonly string[],
  walkOptions: WalkOptions,
): Promise<CollectedInput[]> {
  const inputs: CollectedInput[] = [];
  const seen = new Set<string>();
  for (const givenPath of paths) {
    for (const input of await collectPath(givenPath, walkOptions)) {
      if (!seen.has(input.path)) {
        seen.add(input.path);
        inputs.push(input);
      }
    }
  }
  return inputs;
}

async function collectPath(givenPath: string, walkOptions: WalkOptions): Promise<CollectedInput[]> {
  const absolutePath = path.resolve(givenPath);
  const base = { path: absolutePath, displayPath: givenPath };
  let stats;
  try {
    stats = await lstat(absolutePath);
  } catch (error) {
    return [{ ...base, kind: 'error', ...describeFileSystemError(error as NodeJS.ErrnoException) }];
  }

  if (stats.isSymbolicLink()) {
    return [{ ...base, kind: 'link' }];
  }
  if (stats.isFile()) {
    const relativeOutputPath = path.basename(absolutePath);
    return [
      {
        ...base,
        kind: 'file',
        explicit: true,
        relativeOutputPath,
        linkCount: stats.nlink,
        size: stats.size,
      },
    ];
  }
  if (!stats.isDirectory()) {
    return [{ ...base, kind: 'not-a-file' }];
  }
  return collectDirectory(givenPath, absolutePath, walkOptions);
}

async function collectDirectory(
  givenPath: string,
  absolutePath: string,
  walkOptions: WalkOptions,
): Promise<CollectedInput[]> {
  // The file system root has no name, so its files go straight into DIR.
  const folderName = path.basename(absolutePath);
  let walk;
  try {
    walk = await walkDirectory(absolutePath, walkOptions);
  } catch (error) {
    const described = describeFileSystemError(error as NodeJS.ErrnoException);
    return [{ kind: 'error', path: absolutePath, displayPath: givenPath, ...described }];
  }
  const { files, failures } = walk;
  const inputs: CollectedInput[] = files.map((file) => ({
    kind: 'file',
    path: file.path,
    displayPath: path.join(givenPath, file.relativePath),
    explicit: false,
    relativeOutputPath: path.join(folderName, file.relativePath),
    linkCount: file.linkCount,
    size: file.size,
  }));
  for (const failure of failures) {
    const displayPath = path.join(givenPath, path.relative(absolutePath, failure.path));
    inputs.push({
      kind: 'error',
      path: failure.path,
      displayPath,
      ...describeFileSystemError(failure.error),
    });
  }
  return inputs;
}

/** Turns a failed `lstat` or `readdir` into a stable code and a reason that states what to do. */
export function describeFileSystemError(error: NodeJS.ErrnoException): {
  code: ErrorCode;
  reason: string;
} {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { code: 'E_NOT_FOUND', reason: 'not found; check the path' };
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'E_PERMISSION',
        reason: 'permission denied; give your user read access to it',
      };
    default:
      return { code: 'E_INTERNAL', reason: `cannot be read (${error.code ?? error.message})` };
  }
}
