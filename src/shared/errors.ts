/**
 * Stable error codes. They cross the CLI's JSON output and the control socket unchanged, so
 * callers and tests branch on them and never on message text.
 */
export const ERROR_CODES = [
  // Input that cannot be cleaned.
  'E_UNSUPPORTED_FORMAT',
  'E_CORRUPT',
  'E_TRUNCATED',
  'E_FILE_TOO_LARGE',
  'E_INCOMPLETE',
  // Output that failed a fail-closed check.
  'E_VERIFY_STRUCTURE',
  'E_VERIFY_READER',
  // File system and commit protocol.
  'E_NOT_FOUND',
  'E_PERMISSION',
  'E_SOURCE_CHANGED',
  'E_WRITE_FAILED',
  'E_MOVE_FAILED',
  'E_NOT_A_FILE',
  'E_HARD_LINK',
  'E_CLOUD_PLACEHOLDER',
  'E_INTERRUPTED',
  'E_FILE_BUSY',
  // The history database in the state dir.
  'E_HISTORY_UNAVAILABLE',
  'E_HISTORY_VERSION',
  // Configuration, usage and the daemon.
  'E_CONFIG_INVALID',
  'E_USAGE',
  'E_JOB_TIMEOUT',
  'E_WORKER_CRASHED',
  'E_DAEMON_UNREACHABLE',
  'E_DAEMON_RUNNING',
  'E_SOCKET_DIR_UNSAFE',
  'E_PROTOCOL_VERSION',
  'E_AGENT_FAILED',
  'E_TRAY_NOT_INSTALLED',
  // The control socket.
  'E_PROTOCOL',
  'E_FRAME_TOO_LARGE',
  'E_DAEMON_STOPPING',
  'E_ALREADY_EXISTS',
  'E_REVERT_CONFLICT',
  'E_REVERT_UNAVAILABLE',
  'E_INTERNAL',
] as const;

/** One stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const APP_ERROR_BRAND = Symbol.for('metaclear.AppError');

/** Options for {@link AppError} beyond its code and message. */
export interface AppErrorOptions {
  /** The failure that caused this one. */
  readonly cause?: unknown;
  /** The file the error is about, when there is one. */
  readonly path?: string;
}

/**
 * A domain error with a stable {@link ErrorCode}. The message says what failed, on which
 * value, and what to do next.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
  }
}

Object.defineProperty(AppError.prototype, 'name', { value: 'AppError', enumerable: false });
Object.defineProperty(AppError.prototype, APP_ERROR_BRAND, { value: true, enumerable: false });

/** Returns true for an {@link AppError}, also one from another realm or module copy. */
export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[APP_ERROR_BRAND] === true
  );
}

/** Returns true when `value` is one of the {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
