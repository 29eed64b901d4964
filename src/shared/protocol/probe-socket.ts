import net from 'node:net';

/** The outcome of a connect-only probe of the daemon's socket. */
export type SocketProbe =
  | { readonly kind: 'accepting' }
  /** No socket file, or a stale file that refuses connections: no daemon runs. */
  | { readonly kind: 'absent'; readonly code: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'timeout' };

/**
 * Connects to the Unix socket at `socketPath` and closes the connection at once, sending
 * nothing. Tells a running daemon from a missing or stale socket without speaking the control
 * protocol.
 */
export function probeSocket(socketPath: string, timeoutMs = 1_000): Promise<SocketProbe> {
  return new Promise((resolve) => {
    const connection = net.connect(socketPath);
    const finish = (probe: SocketProbe): void => {
      connection.destroy();
      resolve(probe);
    };
    connection.setTimeout(timeoutMs, () => {
      finish({ kind: 'timeout' });
    });
    connection.once('connect', () => {
      finish({ kind: 'accepting' });
    });
    connection.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'UNKNOWN';
      finish(
        code === 'ENOENT' || code === 'ECONNREFUSED'
          ? { kind: 'absent', code }
          : { kind: 'error', code, message: error.message },
      );
    });
  });
}
