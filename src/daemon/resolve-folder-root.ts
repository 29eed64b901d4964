import { realpath, stat } from 'node:fs/promises';
import type { ErrorCode } from '../shared/errors.js';

/** A watched folder's real path, or why it cannot be watched. */
export type FolderRoot =
  | { readonly ok: true; readonly root: string }
  | { readonly ok: false; readonly code: ErrorCode; readonly reason: string };

/**
 * Resolves the real path of a folder to watch. The configured path itself may be a link,
 * which the user chose, but links inside the folder are never followed.
 */
export async function resolveFolderRoot(folderPath: string): Promise<FolderRoot> {
  try {
    const root = await realpath(folderPath);
    if (!(await stat(root)).isDirectory()) {
      return {
        ok: false,
        code: 'E_NOT_FOUND',
        reason: `${folderPath} is not a folder. Point the config at a folder.`,
      };
    }
    return { ok: true, root };
  } catch (error) {
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
}
