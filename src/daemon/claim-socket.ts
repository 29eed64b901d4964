import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import { ensureSocketDir } from '../shared/ensure-socket-dir.js';
import { AppError } from '../shared/errors.js';

/** How long a probe of an existing socket waits for the other daemon to accept. */
const PROBE_TIMEOUT_MS = 1_000;

/** The daemon's Unix socket, bound and owned by this process. */
export interface ClaimedSocket {
  readonly server: net.Server;
  /** Stops listening and removes the socket file. Every call returns the same promise. */
  close(): Promise<void>;
}

/**
 * Binds the daemon's Unix socket, which also makes it the only daemon of this home. A socket
 * file that accepts a connection belongs to a running daemon; one that refuses is left over
 * from a crash and is replaced.
 *
 * @throws AppError `E_DAEMON_RUNNING` when another daemon listens on `socketPath`, and
 *   `E_SOCKET_DIR_UNSAFE` when the socket's folder is not safe to use.
 */
export async function claimSocket(socketPath: string): Promise<ClaimedSocket> {
  await ensureSocketDir(socketPath);
  // `serveControlSocket` handles the connections; until it is attached they wait unanswered.
  const server = net.createServer();
  try {
    await listen(server, socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      throw error;
    }
    if (await isAnswering(socketPath)) {
      throw new AppError(
        'E_DAEMON_RUNNING',
        `another MetaClear daemon is running on ${socketPath}; stop it first, or set ` +
          'METACLEAR_HOME to run a separate one.',
        { path: socketPath },
      );
    }
    await unlink(socketPath);
    await listen(server, socketPath);
  }
  await chmod(socketPath, 0o600);

  let closing: Promise<void> | undefined;
  return {
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      return closing;
    },
  };
}

function listen(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(error);
    };
    server.once('error', onError);
    server.listen(socketPath, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Resolves true when something accepts a connection on `socketPath`. */
function isAnswering(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    const finish = (answer: boolean): void => {
      probe.destroy();
      resolve(answer);
    };
    probe.setTimeout(PROBE_TIMEOUT_MS, () => {
      finish(false);
    });
    probe.once('connect', () => {
      finish(true);
    });
    probe.once('error', () => {
      finish(false);
    });
  });
}
