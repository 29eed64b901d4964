import { realpath, stat } from 'node:fs/promises';
import type { ErrorCode } from '../shared/errors.js';

/** A watched folder's real path, or why it cannot be watched. */
export type FolderRoot =
  | { readonly ok: true; readonly root: string }
  | { readonly ok: false; readonly code: ErrorCode; readonly reason: string };

/** A watched folder's {@link FolderRoot}, and its identity when it is available. */
export interface ResolvedFolder {
  readonly root: FolderRoot;
  /** The folder's device and inode (`dev:ino`), or null when it is not available. */
  readonly identity: string | null;
}

/**
 * Resolves the real path of a folder to watch. The configured path itself may be a link,
 * which the user chose, but links inside the folder are never followed.
 */
export async function resolveFolderRoot(folderPath: string): Promise<FolderRoot> {
  return (await resolveFolder(folderPath)).root;
}

/**
 * Resolves a folder as {@link resolveFolderRoot} does, and also returns its device and inode.
 * Both come from one `stat` call, so checking a folder every few seconds costs a `realpath`
 * and a `stat`.
 */
export async function resolveFolder(folderPath: string): Promise<ResolvedFolder> {
  try {
    const root = await realpath(folderPath);
    const stats = await stat(root, { bigint: true });
    if (!stats.isDirectory()) {
      return {
        root: {
          ok: false,
          code: 'E_NOT_FOUND',
          reason: `${folderPath} is not a folder. Point the config at a folder.`,
        },
        identity: null,
      };
    }
    return { root: { ok: true, root }, identity: `${stats.dev}:${stats.ino}` };
  } catch (error) {
    return { root: describeUnavailable(folderPath, error), identity: null };
  }
}

function describeUnavailable(folderPath: string, error: unknown): FolderRoot {
  const errorCode = (error as NodeJS.ErrnoException).code;
  if (errorCode === 'EACCES' || errorCode === 'EPERM') {
    return {
      ok: false,
      code: 'E_PERMISSION',
      reason: `Permission denied on ${folderPath}. Give MetaClear access to it.`,
    };
  }
  if (errorCode === 'ENOENT' || errorCode === 'ENOTDIR') {
    return {
      ok: false,
      code: 'E_NOT_FOUND',
      reason: `${folderPath} does not exist. Create it, or remove it from the config.`,
    };
  }
  return {
    ok: false,
    code: 'E_INTERNAL',
    reason: `${folderPath} cannot be opened (${errorCode ?? String(error)}).`,
  };
}
