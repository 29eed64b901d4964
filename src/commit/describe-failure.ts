import { AppError, isAppError } from '../shared/errors.js';

/** A per-file failure as reports carry it. */
export interface FileFailure {
  readonly status: 'failed' | 'unsupported';
  readonly code: string;
  /** Sentence naming the file, what failed and what to do about it. */
  readonly reason: string;
}

const UNSUPPORTED_CODES: ReadonlySet<string> = new Set(['E_UNSUPPORTED_FORMAT']);

/**
 * Describes why cleaning or checking `input` failed. An {@link AppError} keeps its code; a
 * file system error gets the closest code (`E_NOT_FOUND`, `E_PERMISSION`, `E_WRITE_FAILED`);
 * anything else is `E_INTERNAL`.
 */
export function describeFailure(input: string, error: unknown): FileFailure {
  const appError = toAppError(error);
  // Messages of the pure modules do not know the file, so it is named here.
  const reason = appError.path === undefined ? `${input}: ${appError.message}` : appError.message;
  const status = UNSUPPORTED_CODES.has(appError.code) ? 'unsupported' : 'failed';
  return { status, code: appError.code, reason };
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) {
    return error;
  }
  const errno = error as NodeJS.ErrnoException;
  const detail = error instanceof Error ? error.message : String(error);
  const options = { cause: error, ...(errno.path === undefined ? {} : { path: errno.path }) };
  switch (errno.code) {
    case 'ENOENT':
      return new AppError('E_NOT_FOUND', `Not found: ${detail}. Check the path.`, options);
    case 'EACCES':
    case 'EPERM':
      return new AppError(
        'E_PERMISSION',
        `Permission denied: ${detail}. Give this user read and write access to the file and its folder.`,
        options,
      );
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EROFS':
    case 'EIO':
    case 'EFBIG':
      return new AppError(
        'E_WRITE_FAILED',
        `Writing failed: ${detail}. Check the free space and that the folder is writable.`,
        options,
      );
    default:
      return new AppError('E_INTERNAL', `Unexpected error: ${detail}.`, options);
  }
}
