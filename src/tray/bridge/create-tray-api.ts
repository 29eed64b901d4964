import {
  BRIDGE_METHOD_NAMES,
  type BridgeMethodName,
  type BridgeResult,
  type TrayApi,
  type TrayUpdate,
} from './tray-api.js';

/** The channel from a bridge to the host: Electron IPC in the app, a Playwright binding in tests. */
export interface BridgeTransport {
  /** Sends one call and resolves with its outcome. */
  readonly call: (method: BridgeMethodName, args: readonly unknown[]) => Promise<BridgeResult>;
  /** Calls `listener` with every update; returns a function that stops it. */
  readonly listen: (listener: (update: TrayUpdate) => void) => () => void;
}

/**
 * The object exposed to the popup: one function per bridge method, resolving with a
 * {@link BridgeResult}. Results travel as values because Electron's contextBridge copies a
 * thrown error without its custom properties, which would drop the error code.
 */
export type RawBridge = {
  readonly [M in BridgeMethodName]: (...args: unknown[]) => Promise<BridgeResult>;
} & {
  readonly onUpdate: (listener: (update: TrayUpdate) => void) => () => void;
};

/**
 * Builds the exposed bridge from {@link BRIDGE_METHOD_NAMES}, so the preload and the
 * browser-test bridge offer exactly the methods of the table.
 */
export function createRawBridge(transport: BridgeTransport): RawBridge {
  const bridge: Record<string, unknown> = {
    onUpdate: (listener: (update: TrayUpdate) => void) => transport.listen(listener),
  };
  for (const method of BRIDGE_METHOD_NAMES) {
    bridge[method] = (...args: unknown[]) => transport.call(method, args);
  }
  // The loop above defines one function for every method that RawBridge declares.
  return bridge as unknown as RawBridge;
}

/** The error a {@link TrayApi} method rejects with, carrying the host's stable code. */
export class TrayCallError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

Object.defineProperty(TrayCallError.prototype, 'name', { value: 'TrayCallError' });

/** Wraps the exposed bridge into the typed API: results unwrapped, failures thrown. */
export function createTrayApi(bridge: RawBridge): TrayApi {
  const api: Record<string, unknown> = { onUpdate: bridge.onUpdate };
  for (const method of BRIDGE_METHOD_NAMES) {
    api[method] = async (...args: unknown[]) => {
      const result = await bridge[method](...args);
      if (!result.ok) {
        throw new TrayCallError(result.error.code, result.error.message);
      }
      return result.value;
    };
  }
  // The loop above defines every method that TrayApi declares, typed by the same table.
  return api as unknown as TrayApi;
}
