import { AppError } from '../shared/errors.js';
import { NODE_FILE_SYSTEM, type CommitFileSystem } from './commit-file-system.js';
import path from 'node:path';
import { findFreePathExcluding } from './find-free-path.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { RecordedPath } from './recorded-path.js';

/**
 * Error codes of `link()` that mean this file system or this pair of paths cannot hard-link:
 * another device, no hard links (FAT, exFAT, some network shares), too many links, or Linux's
 * `protected_hardlinks` refusing a file this user does not own.
 */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

/** Returns true when `error` shows that `link()` cannot work here and a copy is needed. */
export function isLinkUnsupported(error: unknown): boolean {
  return LINK_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '');
}

const MAX_ATTEMPTS = 100;

/**
 * Links into one folder, one at a time. `link()` fails with EEXIST only for the exact name, so
 * on a case-sensitive file system two jobs publishing `photo.jpg` and `Photo.jpg` at once could
 * otherwise both find the folded name free and both take their bare names.
 */
const FOLDER_LOCKS = new KeyedMutex();

/** Options for {@link linkToFreePath}. */
export interface LinkToFreePathOptions {
  /**
   * Rename `existingPath` instead when hard links are unsupported. Only for a temp file of the
   * caller's own in the destination folder.
   * @default false
   */
  readonly renameIfUnsupported?: boolean;
  /**
   * The name a journal holds for this link. A candidate other than its current path is
   * recorded through it before the link is tried, so a crash never leaves a name that the
   * journal does not know. Throwing from it stops the attempt.
   * @default none
   */
  readonly recorded?: RecordedPath;
  /**
   * The file system to link through.
   * @default NODE_FILE_SYSTEM
   */
  readonly fs?: CommitFileSystem;
}

/**
 * Gives the file at `existingPath` a second name at the first free path for `desiredPath` and
 * returns that path. `link()` fails instead of overwriting, so a file that appears between the
 * name check and the link is never replaced: the next free name is tried. Links into one
 * folder run one at a time in this process, so concurrent jobs never take names that fold to
 * the same one.
 *
 * NOTE: another process (a `metaclear clean` next to the daemon) is not serialised with this
 * one, so on a case-sensitive file system the two can still take names that fold together.
 *
 * @throws the `link()` error when hard links are unsupported and renaming is not allowed.
 */
export async function linkToFreePath(
  existingPath: string,
  desiredPath: string,
  options: LinkToFreePathOptions = {},
): Promise<string> {
  const folderKey = path.resolve(path.dirname(desiredPath)).normalize('NFC').toLowerCase();
  return FOLDER_LOCKS.run(folderKey, () => linkWithinFolder(existingPath, desiredPath, options));
}

async function linkWithinFolder(
  existingPath: string,
  desiredPath: string,
  options: LinkToFreePathOptions,
): Promise<string> {
  const fs = options.fs ?? NODE_FILE_SYSTEM;
  const refused: string[] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    // The free name is checked again right before each link, because another job may have
    // taken a name that folds to the same one since the commit was planned.
    const candidate = await findFreePathExcluding(desiredPath, refused, fs);
    if (options.recorded !== undefined && candidate !== options.recorded.current) {
      await options.recorded.beforeLink(candidate);
    }
    try {
      await fs.link(existingPath, candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        refused.push(candidate);
        continue;
      }
      if (options.renameIfUnsupported === true && isLinkUnsupported(error)) {
        // NOTE: without hard links, a file created at `candidate` after the name check is
        // replaced by this rename.
        await fs.rename(existingPath, candidate);
        return candidate;
      }
      throw error;
    }
  }
  throw new AppError(
    'E_WRITE_FAILED',
    `No free name for ${desiredPath} after ${MAX_ATTEMPTS} attempts; other programs keep creating files there.`,
    { path: desiredPath },
  );
}
