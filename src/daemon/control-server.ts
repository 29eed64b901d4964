import { EventEmitter } from 'node:events';
import type net from 'node:net';
import type { AppError } from '../shared/errors.js';
import type { EventFrame, RequestType } from '../shared/protocol/index.js';
import { ControlConnection } from './control-connection.js';
import type { DaemonRequestHandlers } from './control-handlers-type.js';

/** Options for {@link serveControlSocket}. */
export interface ControlServerOptions {
  /** The daemon's package version, sent in its hello. */
  readonly version: string;
  /**
   * Milliseconds a client may take to send its hello.
   * @default 10_000
   */
  readonly helloTimeoutMs?: number;
  /**
   * Bytes of unread output a client may let pile up before it is disconnected.
   * @default 8 MiB
   */
  readonly maxBufferedBytes?: number;
}

/** Arguments of each {@link ControlServer} event. */
export interface ControlServerEventMap {
  /** A handler failed with an error that is not an AppError: a bug to log. */
  'request.failed': [type: RequestType, error: unknown];
  /** The server closed a client: a broken hello or frame, or a client too slow to read. */
  'client.dropped': [error: AppError];
}

/** The control protocol served on the daemon's socket. */
export interface ControlServer extends EventEmitter<ControlServerEventMap> {
  /**
   * Handles requests with `handlers` from now on. Requests that arrived before the first call
   * wait for it.
   */
  setHandlers(handlers: DaemonRequestHandlers): void;
  /** Sends an event to every client subscribed to it. */
  broadcast(frame: EventFrame): void;
  /** Clients connected now. */
  readonly connectionCount: number;
  /** Disconnects every client. The socket itself is closed by its owner. */
  close(): void;
}

/**
 * Serves the control protocol on a listening Unix socket server, such as the one
 * `claimSocket` binds.
 *
 * @example
 * const control = serveControlSocket(socket.server, { version });
 * control.setHandlers(createControlHandlers(context));
 * daemon.on('job.done', (data) => control.broadcast({ type: 'event', event: 'job.done', data }));
 */
export function serveControlSocket(
  server: net.Server,
  options: ControlServerOptions,
): ControlServer {
  return new SocketControlServer(server, options);
}

class SocketControlServer extends EventEmitter<ControlServerEventMap> implements ControlServer {
  readonly #connections = new Set<ControlConnection>();
  readonly #handlers: Promise<DaemonRequestHandlers>;
  #resolveHandlers: (handlers: DaemonRequestHandlers) => void = () => undefined;
  #current: DaemonRequestHandlers | null = null;
  #isClosed = false;

  constructor(server: net.Server, options: ControlServerOptions) {
    super();
    this.#handlers = new Promise((resolve) => {
      this.#resolveHandlers = resolve;
    });
    const connectionOptions = {
      version: options.version,
      helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
      maxBufferedBytes: options.maxBufferedBytes ?? 8 * 1024 * 1024,
    };
    server.on('connection', (socket) => {
      if (this.#isClosed) {
        socket.destroy();
        return;
      }
      const connection: ControlConnection = new ControlConnection(
        socket,
        () => this.#getHandlers(),
        connectionOptions,
      );
      this.#connections.add(connection);
      connection.on('request.failed', (type, error) => this.emit('request.failed', type, error));
      connection.on('dropped', (error) => this.emit('client.dropped', error));
      connection.on('close', () => this.#connections.delete(connection));
    });
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  setHandlers(handlers: DaemonRequestHandlers): void {
    this.#current = handlers;
    this.#resolveHandlers(this.#current);
  }

  broadcast(frame: EventFrame): void {
    for (const connection of this.#connections) {
      connection.sendEvent(frame);
    }
  }

  close(): void {
    this.#isClosed = true;
    for (const connection of this.#connections) {
      connection.destroy();
    }
  }

  async #getHandlers(): Promise<DaemonRequestHandlers> {
    return this.#current ?? this.#handlers;
  }
}
