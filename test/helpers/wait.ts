import type { EventEmitter } from 'node:events';

/**
 * The one fixed wait the suite allows, for asserting that nothing happened: long enough for a
 * watcher event and a settle window on a loaded 2-core machine.
 */
export const SETTLE_MS = 1_500;

/** Options for {@link waitUntil}. */
export interface WaitUntilOptions {
  /** @default 20_000 */
  readonly timeout?: number;
  /** @default 25 */
  readonly interval?: number;
  /** Names the condition in the timeout message. */
  readonly description?: string;
}

/**
 * Polls `probe` until it returns a truthy value and returns that value. On timeout the error
 * reports the last value observed.
 */
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  options: WaitUntilOptions = {},
): Promise<NonNullable<T>> {
  const { timeout = 20_000, interval = 25, description = 'condition' } = options;
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `waitUntil: ${description} not met after ${timeout} ms; last value: ${JSON.stringify(last)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Resolves with the first `name` event's arguments; rejects on `error` or after `timeout` ms. */
export async function waitForEvent(
  emitter: EventEmitter,
  name: string,
  { timeout = 20_000 }: { readonly timeout?: number } = {},
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`waitForEvent: no '${name}' event within ${timeout} ms`));
    }, timeout);
    const onEvent = (...args: unknown[]): void => {
      cleanup();
      resolve(args);
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    function cleanup(): void {
      clearTimeout(timer);
      emitter.off(name, onEvent);
      emitter.off('error', onError);
    }
    emitter.on(name, onEvent);
    emitter.on('error', onError);
  });
}
