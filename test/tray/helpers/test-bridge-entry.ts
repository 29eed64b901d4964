// The browser-test bridge: the page-side twin of src/tray/preload/preload.ts, built from the
// same bridge table. Playwright injects it before the popup's script runs; its calls go to
// the `__metaclearCall` binding, which the test relays to a real daemon.
import { createRawBridge } from '../../../src/tray/bridge/create-tray-api.js';
import {
  TRAY_API_GLOBAL,
  type BridgeMethodName,
  type BridgeResult,
  type TrayUpdate,
} from '../../../src/tray/bridge/tray-api.js';

interface TestWindow {
  __metaclearCall: (method: BridgeMethodName, args: readonly unknown[]) => Promise<BridgeResult>;
  __metaclearPush: (update: TrayUpdate) => void;
  [TRAY_API_GLOBAL]: unknown;
}

const page = globalThis as unknown as TestWindow;
const listeners = new Set<(update: TrayUpdate) => void>();

page.__metaclearPush = (update) => {
  for (const listener of listeners) {
    listener(update);
  }
};

page[TRAY_API_GLOBAL] = createRawBridge({
  call: (method, args) => page.__metaclearCall(method, args),
  listen: (listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
});
