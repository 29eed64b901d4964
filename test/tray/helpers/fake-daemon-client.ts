import { AppError } from '../../../src/shared/errors.js';
import type {
  DaemonClient,
  EventFrame,
  EventListener,
} from '../../../src/shared/protocol/index.js';

/** A {@link DaemonClient} in memory: requests resolve with `results`, and `drop()` ends it. */
export class FakeDaemonClient implements DaemonClient {
  readonly daemonVersion = '0.0.0-test';
  readonly requests: { type: string; params: unknown }[] = [];
  readonly #listeners = new Set<EventListener>();
  readonly #closed: Promise<AppError | null>;
  #resolveClosed: (reason: AppError | null) => void = () => undefined;
  #isClosed = false;

  constructor(readonly results: Readonly<Record<string, unknown>> = {}) {
    this.#closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  request(type: string, params?: unknown): Promise<never> {
    this.requests.push({ type, params });
    if (this.#isClosed) {
      return Promise.reject(new AppError('E_DAEMON_UNREACHABLE', 'the fake client is closed.'));
    }
    if (!(type in this.results)) {
      return Promise.reject(new AppError('E_USAGE', `the fake client has no result for ${type}.`));
    }
    return Promise.resolve(this.results[type] as never);
  }

  subscribe(listener: EventListener): Promise<() => void> {
    this.#listeners.add(listener);
    return Promise.resolve(() => this.#listeners.delete(listener));
  }

  /** Sends `event` to every subscriber. */
  emitEvent(event: EventFrame): void {
    for (const listener of this.#listeners) {
      listener(event);
    }
  }

  onClose(): Promise<AppError | null> {
    return this.#closed;
  }

  /** Ends the connection as a daemon that exits would. */
  drop(): void {
    this.#isClosed = true;
    this.#resolveClosed(new AppError('E_DAEMON_UNREACHABLE', 'the fake daemon went away.'));
  }

  close(): Promise<void> {
    this.#isClosed = true;
    this.#resolveClosed(null);
    return Promise.resolve();
  }
}
