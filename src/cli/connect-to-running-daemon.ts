import { AppError, isAppError } from '../shared/errors.js';
import { connectToDaemon, type DaemonClient } from '../shared/protocol/index.js';

/** Connection errors that mean nothing listens on the socket: no daemon runs. */
const NOT_RUNNING_CODES = new Set(['ENOENT', 'ECONNREFUSED']);

/**
 * Connects to the daemon on `socketPath`, or resolves with null when no daemon runs there.
 *
 * @throws {AppError} `E_DAEMON_UNREACHABLE` when a daemon seems to run but does not respond,
 *   with a message that explains how to check on it; `E_PROTOCOL_VERSION` from the daemon's hello.
 */
export async function connectToRunningDaemon(socketPath: string): Promise<DaemonClient | null> {
  try {
    return await connectToDaemon(socketPath);
  } catch (error) {
    if (isAppError(error) && error.code === 'E_DAEMON_UNREACHABLE') {
      if (isNotRunning(error)) {
        return null;
      }
      throw new AppError(
        'E_DAEMON_UNREACHABLE',
        `${error.message} Check the daemon with \`metaclear daemon\` in a terminal, or restart ` +
          'the login agent with `metaclear agent install`.',
        { cause: error, path: socketPath },
      );
    }
    throw error;
  }
}

function isNotRunning(error: AppError): boolean {
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  return typeof cause?.code === 'string' && NOT_RUNNING_CODES.has(cause.code);
}

/**
 * Creates the error for a command that needs the daemon when none runs on `socketPath`.
 */
export function createNotRunningError(socketPath: string): AppError {
  return new AppError(
    'E_DAEMON_UNREACHABLE',
    `no MetaClear daemon is running (nothing listens on ${socketPath}). Start it with ` +
      '`metaclear daemon` to run it in this terminal, or `metaclear agent install` to start ' +
      'it at every login; then run this command again.',
    { path: socketPath },
  );
}
