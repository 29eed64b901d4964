import net from 'node:net';
import { AppError, isAppError } from '../errors.js';
import type { ProtocolError } from './common-schemas.js';
import type { EventFrame, EventName } from './event-schemas.js';
import { encodeFrame, FrameDecoder } from './frame-codec.js';
import { daemonFrameSchema, PROTOCOL_VERSION, type DaemonFrame } from './frame-schemas.js';
import {
  REQUEST_RESULTS,
  type RequestParams,
  type RequestResult,
  type RequestType,
} from './request-schemas.js';

/** Options for {@link connectToDaemon}. */
export interface ConnectOptions {
  /**
   * Milliseconds to wait for the connection and the daemon's hello.
   * @default 5000
   */
  readonly timeoutMs?: number;
}

/** Receives the events of a subscription. */
export type EventListener = (event: EventFrame) => void;

/** The params argument of `request`, optional for requests whose params are all optional. */
export type RequestArgs<T extends RequestType> =
  Record<string, never> extends RequestParams<T>
    ? [params?: RequestParams<T>]
    : [params: RequestParams<T>];

/** A connection to the daemon's control socket, after a successful hello. */
export interface DaemonClient {
  /** The daemon's package version, from its hello. */
  readonly daemonVersion: string;
  /**
   * Sends a request and resolves with its checked result.
   *
   * @throws AppError with the daemon's code for an error reply, `E_DAEMON_UNREACHABLE` when the
   *   connection ends first, and `E_PROTOCOL` for a reply that does not match the protocol.
   */
  request<T extends RequestType>(type: T, ...args: RequestArgs<T>): Promise<RequestResult<T>>;
  /**
   * Subscribes to events, all of them without `events`, and resolves once the daemon confirmed.
   * Resolves with a function that stops calling `listener`.
   */
  subscribe(listener: EventListener, events?: readonly EventName[]): Promise<() => void>;
  /**
   * Resolves when the connection ends: with null after {@link close}, else with the reason.
   */
  onClose(): Promise<AppError | null>;
  /** Closes the connection. Every call returns the same promise. */
  close(): Promise<void>;
}

/**
 * Connects to the daemon's Unix socket and exchanges hellos.
 *
 * @throws AppError `E_DAEMON_UNREACHABLE` when no daemon accepts the connection on
 *   `socketPath`, and `E_PROTOCOL_VERSION` when the daemon speaks another protocol version.
 * @example
 * const client = await connectToDaemon(locations.socketPath);
 * const status = await client.request('status');
 * await client.close();
 */
export async function connectToDaemon(
  socketPath: string,
  options: ConnectOptions = {},
): Promise<DaemonClient> {
  const socket = net.connect(socketPath);
  const connection = new Connection(socket, socketPath);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const timer = setTimeout(() => {
    connection.fail(
      new AppError(
        'E_DAEMON_UNREACHABLE',
        `the daemon on ${socketPath} did not answer within ${timeoutMs} ms; check that it runs.`,
        { path: socketPath },
      ),
    );
  }, timeoutMs);
  try {
    return await connection.hello();
  } finally {
    clearTimeout(timer);
  }
}

interface PendingRequest {
  readonly type: RequestType;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: AppError) => void;
}

class Connection implements DaemonClient {
  daemonVersion = '';
  readonly #socket: net.Socket;
  readonly #socketPath: string;
  readonly #decoder = new FrameDecoder();
  readonly #pending = new Map<number, PendingRequest>();
  readonly #listeners = new Map<EventListener, ReadonlySet<EventName> | null>();
  #nextId = 1;
  readonly #hello: Promise<DaemonClient>;
  #settleHello: { resolve: (client: DaemonClient) => void; reject: (error: AppError) => void } = {
    resolve: () => undefined,
    reject: () => undefined,
  };
  readonly #closed: Promise<AppError | null>;
  #resolveClosed: (reason: AppError | null) => void = () => undefined;
  #closeReason: AppError | null | undefined;
  #closing: Promise<void> | undefined;

  constructor(socket: net.Socket, socketPath: string) {
    this.#socket = socket;
    this.#socketPath = socketPath;
    this.#closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.#hello = new Promise((resolve, reject) => {
      this.#settleHello = { resolve, reject };
    });
    // The hello promise may be rejected before anyone awaits it.
    this.#hello.catch(() => undefined);
    socket.on('connect', () => {
      this.#write({ type: 'hello', protocol: PROTOCOL_VERSION });
    });
    socket.on('data', (chunk: Buffer) => {
      this.#handleData(chunk);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.fail(this.#createUnreachableError(error));
    });
    socket.on('close', () => {
      this.fail(
        new AppError('E_DAEMON_UNREACHABLE', `the daemon on ${socketPath} closed the connection.`, {
          path: socketPath,
        }),
      );
    });
  }

  hello(): Promise<DaemonClient> {
    return this.#hello;
  }

  request<T extends RequestType>(type: T, ...args: RequestArgs<T>): Promise<RequestResult<T>> {
    const [params = {}] = args;
    if (this.#closeReason !== undefined) {
      return Promise.reject(this.#getClosedError());
    }
    const id = this.#nextId++;
    return new Promise<RequestResult<T>>((resolve, reject) => {
      try {
        this.#write({ type, id, params });
      } catch (error) {
        reject(isAppError(error) ? error : new AppError('E_INTERNAL', String(error)));
        return;
      }
      this.#pending.set(id, {
        type,
        resolve: (result) => {
          resolve(result as RequestResult<T>);
        },
        reject,
      });
    });
  }

  async subscribe(listener: EventListener, events?: readonly EventName[]): Promise<() => void> {
    await this.request('subscribe', events === undefined ? {} : { events: [...events] });
    this.#listeners.set(listener, events === undefined ? null : new Set(events));
    return () => {
      this.#listeners.delete(listener);
    };
  }

  onClose(): Promise<AppError | null> {
    return this.#closed;
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#finish(null);
      if (this.#socket.destroyed) {
        resolve();
        return;
      }
      this.#socket.once('close', () => {
        resolve();
      });
      this.#socket.end();
      this.#socket.destroy();
    });
    return this.#closing;
  }

  /** Ends the connection because of `error`, rejecting everything still waiting. */
  fail(error: AppError): void {
    this.#finish(error);
    this.#socket.destroy();
  }

  #finish(reason: AppError | null): void {
    if (this.#closeReason !== undefined) {
      return;
    }
    this.#closeReason = reason;
    const error = reason ?? this.#getClosedError();
    this.#settleHello.reject(error);
    for (const pending of this.#pending.values()) {
      pending.reject(error);
    }
    this.#pending.clear();
    this.#listeners.clear();
    this.#resolveClosed(reason);
  }

  #getClosedError(): AppError {
    return (
      this.#closeReason ??
      new AppError('E_DAEMON_UNREACHABLE', `the connection to ${this.#socketPath} is closed.`, {
        path: this.#socketPath,
      })
    );
  }

  #write(frame: unknown): void {
    this.#socket.write(encodeFrame(frame));
  }

  #handleData(chunk: Buffer): void {
    let decoded;
    try {
      decoded = this.#decoder.push(chunk);
    } catch (error) {
      this.fail(isAppError(error) ? error : new AppError('E_PROTOCOL', String(error)));
      return;
    }
    for (const frame of decoded) {
      if (!frame.ok) {
        this.fail(frame.error);
        return;
      }
      const parsed = daemonFrameSchema.safeParse(frame.value);
      if (!parsed.success) {
        this.fail(
          new AppError('E_PROTOCOL', `the daemon sent a frame this client cannot read.`, {
            cause: parsed.error,
          }),
        );
        return;
      }
      this.#handleFrame(parsed.data);
    }
  }

  #handleFrame(frame: DaemonFrame): void {
    if (frame.type === 'hello') {
      if ('ok' in frame) {
        this.fail(toAppError(frame.error));
        return;
      }
      this.daemonVersion = frame.daemon;
      this.#settleHello.resolve(this);
      return;
    }
    if (frame.type === 'event') {
      this.#dispatchEvent(frame);
      return;
    }
    if (!frame.ok) {
      this.#rejectReply(frame.id, toAppError(frame.error));
      return;
    }
    const pending = this.#pending.get(frame.id);
    if (pending === undefined) {
      return;
    }
    this.#pending.delete(frame.id);
    const result = REQUEST_RESULTS[pending.type].safeParse(frame.result);
    if (result.success) {
      pending.resolve(result.data);
      return;
    }
    pending.reject(
      new AppError(
        'E_PROTOCOL',
        `the daemon's reply to '${pending.type}' does not match the protocol.`,
        {
          cause: result.error,
        },
      ),
    );
  }

  /** Rejects the request `id`, or every waiting request when the daemon could not read an id. */
  #rejectReply(id: number | null, error: AppError): void {
    const ids = id === null ? [...this.#pending.keys()] : [id];
    for (const pendingId of ids) {
      this.#pending.get(pendingId)?.reject(error);
      this.#pending.delete(pendingId);
    }
  }

  #dispatchEvent(event: EventFrame): void {
    for (const [listener, events] of [...this.#listeners]) {
      if (events === null || events.has(event.event)) {
        listener(event);
      }
    }
  }

  #createUnreachableError(error: NodeJS.ErrnoException): AppError {
    const isMissing = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
    const message = isMissing
      ? `no MetaClear daemon is running on ${this.#socketPath}; start it with 'metaclear daemon'.`
      : `cannot connect to the daemon on ${this.#socketPath} (${error.code ?? error.message}).`;
    return new AppError('E_DAEMON_UNREACHABLE', message, { cause: error, path: this.#socketPath });
  }
}

function toAppError(error: ProtocolError): AppError {
  return new AppError(error.code, error.message);
}
