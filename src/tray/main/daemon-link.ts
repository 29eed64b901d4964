import { EventEmitter } from 'node:events';
import { AppError } from '../../shared/errors.js';
import {
  connectToDaemon,
  type DaemonClient,
  type EventFrame,
  type RequestParams,
  type RequestResult,
  type RequestType,
} from '../../shared/protocol/index.js';
import type { ConnectionState } from '../view-model/tray-snapshot.js';

/** Options for {@link DaemonLink}. */
export interface DaemonLinkOptions {
  /** Opens one connection; tests pass a fake. @default connectToDaemon */
  readonly connect?: (socketPath: string) => Promise<DaemonClient>;
  /** The first wait before reconnecting, in milliseconds. @default 500 */
  readonly minRetryMs?: number;
  /** The maximum wait between reconnects, in milliseconds. @default 10_000 */
  readonly maxRetryMs?: number;
}

/** The events of a {@link DaemonLink}. */
export interface DaemonLinkEvents {
  /** The connection state changed. */
  connection: [state: ConnectionState];
  /** The daemon sent an event. */
  event: [event: EventFrame];
}

/**
 * Keeps one subscribed connection to the daemon's socket: connects, subscribes to every
 * event, and after the daemon goes away reconnects with a doubling wait between `minRetryMs`
 * and `maxRetryMs`, so the tray follows a daemon that restarts.
 */
export class DaemonLink extends EventEmitter<DaemonLinkEvents> {
  readonly #socketPath: string;
  readonly #connect: (socketPath: string) => Promise<DaemonClient>;
  readonly #minRetryMs: number;
  readonly #maxRetryMs: number;
  #state: ConnectionState = 'connecting';
  #client: DaemonClient | null = null;
  #retryMs: number;
  #timer: NodeJS.Timeout | null = null;
  #attempt: Promise<void> | null = null;
  #started = false;
  #closed = false;

  constructor(socketPath: string, options: DaemonLinkOptions = {}) {
    super();
    this.#socketPath = socketPath;
    this.#connect = options.connect ?? ((path) => connectToDaemon(path));
    this.#minRetryMs = options.minRetryMs ?? 500;
    this.#maxRetryMs = options.maxRetryMs ?? 10_000;
    this.#retryMs = this.#minRetryMs;
  }

  /** The current connection state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Starts connecting; later calls do nothing. */
  start(): void {
    if (this.#started || this.#closed) {
      return;
    }
    this.#started = true;
    this.#tryConnect();
  }

  /** Tries to connect now instead of at the next retry, with the shortest wait after it. */
  reconnectNow(): void {
    if (this.#closed || this.#client !== null) {
      return;
    }
    this.#retryMs = this.#minRetryMs;
    this.#tryConnect();
  }

  /**
   * Sends a request over the current connection.
   *
   * @throws AppError `E_DAEMON_UNREACHABLE` while not connected, or the daemon's error.
   */
  request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<RequestResult<T>> {
    const client = this.#client;
    if (client === null) {
      return Promise.reject(
        new AppError(
          'E_DAEMON_UNREACHABLE',
          `MetaClear is not running (no daemon on ${this.#socketPath}); start it from the tray menu.`,
          { path: this.#socketPath },
        ),
      );
    }
    const send = client.request.bind(client) as (
      requestType: T,
      requestParams: RequestParams<T>,
    ) => Promise<RequestResult<T>>;
    return send(type, params);
  }

  /** Resolves once connected; at once when already connected. */
  onConnected(): Promise<void> {
    if (this.#state === 'connected') {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const listener = (state: ConnectionState): void => {
        if (state === 'connected') {
          this.off('connection', listener);
          resolve();
        }
      };
      this.on('connection', listener);
    });
  }

  /** Stops reconnecting and closes the connection. Every call returns the same promise. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const client = this.#client;
    this.#client = null;
    return client === null ? Promise.resolve() : client.close();
  }

  #tryConnect(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#attempt !== null) {
      return;
    }
    this.#attempt = this.#connectOnce().finally(() => {
      this.#attempt = null;
    });
  }

  async #connectOnce(): Promise<void> {
    let client: DaemonClient | null = null;
    try {
      client = await this.#connect(this.#socketPath);
      await client.subscribe((event) => {
        this.emit('event', event);
      });
    } catch {
      // Every failure to connect or subscribe, E_PROTOCOL_VERSION included, means the tray
      // cannot use this daemon now; the retry finds a restarted or upgraded one.
      void client?.close();
      this.#setState('unreachable');
      this.#scheduleRetry();
      return;
    }
    if (this.#closed) {
      await client.close();
      return;
    }
    this.#client = client;
    this.#retryMs = this.#minRetryMs;
    this.#setState('connected');
    void client.onClose().then(() => {
      if (this.#client !== client) {
        return;
      }
      this.#client = null;
      if (!this.#closed) {
        this.#setState('unreachable');
        this.#scheduleRetry();
      }
    });
  }

  #scheduleRetry(): void {
    if (this.#closed) {
      return;
    }
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, this.#maxRetryMs);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#tryConnect();
    }, delay);
  }

  #setState(state: ConnectionState): void {
    if (this.#state !== state) {
      this.#state = state;
      this.emit('connection', state);
    }
  }
}
