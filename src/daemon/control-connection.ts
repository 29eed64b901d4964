import { EventEmitter } from 'node:events';
import type net from 'node:net';
import type * as z from 'zod';
import { AppError, isAppError, type ErrorCode } from '../shared/errors.js';
import {
  clientHelloSchema,
  encodeFrame,
  EVENT_NAMES,
  FrameDecoder,
  PROTOCOL_VERSION,
  REQUEST_RESULTS,
  REQUEST_TYPES,
  requestSchema,
  type EventFrame,
  type EventName,
  type Request,
  type RequestType,
} from '../shared/protocol/index.js';
import type { DaemonRequestHandlers, RequestHandlers } from './control-handlers-type.js';

/** Options for one {@link ControlConnection}. */
export interface ControlConnectionOptions {
  /** The daemon's package version, sent in its hello. */
  readonly version: string;
  /** Milliseconds a client may take to send its hello. */
  readonly helloTimeoutMs: number;
  /** Bytes that may wait in the socket's buffer before the client counts as too slow. */
  readonly maxBufferedBytes: number;
}

/** Arguments of each {@link ControlConnection} event. */
export interface ControlConnectionEventMap {
  /** A handler failed with an error that is not an {@link AppError}: a bug. */
  'request.failed': [type: RequestType, error: unknown];
  /** The connection was closed by the daemon, with the reason. */
  dropped: [error: AppError];
  close: [];
}

/**
 * One client of the control socket: it checks the hello, validates each request, replies to it
 * through the handler table, and forwards the events the client subscribed to. Writes never
 * wait for the client, and a client that lets too much output pile up is disconnected, so no
 * client can stall the daemon.
 */
export class ControlConnection extends EventEmitter<ControlConnectionEventMap> {
  readonly #socket: net.Socket;
  readonly #options: ControlConnectionOptions;
  readonly #handlers: () => Promise<DaemonRequestHandlers>;
  readonly #decoder = new FrameDecoder();
  #isGreeted = false;
  #subscriptions = new Set<EventName>();
  #helloTimer: NodeJS.Timeout | null;

  constructor(
    socket: net.Socket,
    handlers: () => Promise<DaemonRequestHandlers>,
    options: ControlConnectionOptions,
  ) {
    super();
    this.#socket = socket;
    this.#handlers = handlers;
    this.#options = options;
    this.#helloTimer = setTimeout(() => {
      this.#drop('E_PROTOCOL', `no hello within ${options.helloTimeoutMs} ms.`, { hello: true });
    }, options.helloTimeoutMs);
    socket.on('data', (chunk: Buffer) => {
      this.#handleData(chunk);
    });
    socket.on('error', () => {
      // A client that vanished; `close` follows.
    });
    socket.on('close', () => {
      this.#clearHelloTimer();
      this.emit('close');
    });
  }

  /** Adds event names to this client's subscription and returns all it receives now. */
  subscribe(events: readonly EventName[] | undefined): EventName[] {
    for (const event of events ?? EVENT_NAMES) {
      this.#subscriptions.add(event);
    }
    return EVENT_NAMES.filter((event) => this.#subscriptions.has(event));
  }

  /** Sends an event if the client subscribed to it. */
  sendEvent(frame: EventFrame): void {
    if (this.#subscriptions.has(frame.event)) {
      this.#send(frame);
    }
  }

  /** Closes the connection at once. */
  destroy(): void {
    this.#socket.destroy();
  }

  #handleData(chunk: Buffer): void {
    let frames;
    try {
      frames = this.#decoder.push(chunk);
    } catch (error) {
      const appError = isAppError(error) ? error : new AppError('E_INTERNAL', String(error));
      this.#drop(appError.code, appError.message, { hello: !this.#isGreeted });
      return;
    }
    for (const frame of frames) {
      if (this.#socket.destroyed) {
        return;
      }
      if (!this.#isGreeted) {
        this.#handleHello(frame.ok ? frame.value : undefined);
      } else if (!frame.ok) {
        this.#sendError(null, frame.error.code, frame.error.message);
      } else {
        this.#handleRequest(frame.value);
      }
    }
  }

  #handleHello(value: unknown): void {
    const hello = clientHelloSchema.safeParse(value);
    if (!hello.success) {
      this.#drop('E_PROTOCOL', `the first frame must be {"type":"hello","protocol":1}.`, {
        hello: true,
      });
      return;
    }
    if (hello.data.protocol !== PROTOCOL_VERSION) {
      this.#drop(
        'E_PROTOCOL_VERSION',
        `protocol version ${hello.data.protocol} is not supported; this daemon (${this.#options.version}) speaks version ${PROTOCOL_VERSION}. Use the metaclear command of the same version.`,
        { hello: true },
      );
      return;
    }
    this.#clearHelloTimer();
    this.#isGreeted = true;
    this.#send({ type: 'hello', protocol: PROTOCOL_VERSION, daemon: this.#options.version });
  }

  #handleRequest(value: unknown): void {
    const parsed = requestSchema.safeParse(value);
    if (!parsed.success) {
      this.#sendError(readRequestId(value), 'E_PROTOCOL', describeInvalidRequest(value, parsed));
      return;
    }
    void this.#answer(parsed.data);
  }

  async #answer(request: Request): Promise<void> {
    try {
      const result = await this.#dispatch(request);
      const checked = REQUEST_RESULTS[request.type].safeParse(result);
      if (!checked.success) {
        throw new Error(`the '${request.type}' result does not match the protocol`, {
          cause: checked.error,
        });
      }
      this.#send({ type: 'reply', id: request.id, ok: true, result: checked.data });
    } catch (error) {
      if (!isAppError(error)) {
        this.emit('request.failed', request.type, error);
      }
      const code = isAppError(error) ? error.code : 'E_INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      this.#sendError(request.id, code, message);
    }
  }

  async #dispatch(request: Request): Promise<unknown> {
    const handlers: RequestHandlers = {
      ...(await this.#handlers()),
      subscribe: (params) => Promise.resolve({ events: this.subscribe(params.events) }),
    };
    // TypeScript cannot call a union of handlers with a union of params. `requestSchema`
    // checked each params object against its type, so the handler chosen by `type` accepts it.
    const handler = handlers[request.type] as (params: unknown) => Promise<unknown>;
    return handler(request.params);
  }

  #sendError(id: number | null, code: ErrorCode, message: string): void {
    this.#send({ type: 'reply', id, ok: false, error: { code, message } });
  }

  /** Sends a last error frame and closes the connection. */
  #drop(code: ErrorCode, message: string, { hello }: { readonly hello: boolean }): void {
    this.#clearHelloTimer();
    const error = { code, message };
    const frame = hello
      ? { type: 'hello', ok: false, protocol: PROTOCOL_VERSION, error }
      : { type: 'reply', id: null, ok: false, error };
    this.emit('dropped', new AppError(code, message));
    if (!this.#socket.destroyed) {
      this.#socket.end(encodeFrame(frame));
      // A client that does not read its last frame is cut off.
      this.#socket.setTimeout(this.#options.helloTimeoutMs, () => this.#socket.destroy());
    }
  }

  #send(frame: unknown): void {
    if (this.#socket.destroyed || !this.#socket.writable) {
      return;
    }
    let line: string;
    try {
      line = encodeFrame(frame);
    } catch (error) {
      const id = readRequestId(frame);
      const message = error instanceof Error ? error.message : String(error);
      this.#socket.write(
        encodeFrame({
          type: 'reply',
          id,
          ok: false,
          error: { code: 'E_FRAME_TOO_LARGE', message },
        }),
      );
      return;
    }
    if (this.#socket.writableLength + line.length > this.#options.maxBufferedBytes) {
      this.emit(
        'dropped',
        new AppError('E_PROTOCOL', 'the client does not read its frames fast enough.'),
      );
      this.#socket.destroy();
      return;
    }
    this.#socket.write(line);
  }

  #clearHelloTimer(): void {
    if (this.#helloTimer !== null) {
      clearTimeout(this.#helloTimer);
      this.#helloTimer = null;
    }
  }
}

function readRequestId(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) {
    return null;
  }
  const { id } = value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** Describes a schema failure: an unknown type, or the first invalid key by its path. */
function describeInvalidRequest(value: unknown, parsed: z.ZodSafeParseError<unknown>): string {
  const type =
    typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
  if (typeof type !== 'string' || !(REQUEST_TYPES as readonly string[]).includes(type)) {
    return `unknown request type ${JSON.stringify(type ?? null)}; expected one of ${REQUEST_TYPES.join(', ')}.`;
  }
  const issue = parsed.error.issues[0];
  const keyPath = issue === undefined ? '' : issue.path.map(String).join('.');
  return `invalid '${type}' request: ${keyPath === '' ? '' : `${keyPath} `}${issue?.message ?? 'is invalid'}.`;
}
