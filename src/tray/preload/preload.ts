// The popup's preload. It runs sandboxed, where `require` can load `electron` and nothing
// else, so scripts/build-tray.js bundles it with the bridge table into one CommonJS file.
import { createRawBridge } from '../bridge/create-tray-api.js';
import {
  CALL_CHANNEL,
  TRAY_API_GLOBAL,
  UPDATE_CHANNEL,
  type BridgeResult,
  type TrayUpdate,
} from '../bridge/tray-api.js';
import type { IpcRendererListener, PreloadElectron } from '../electron-types.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS and may load only `electron`.
const { contextBridge, ipcRenderer } = require('electron') as PreloadElectron;

const bridge = createRawBridge({
  call: (method, args) => ipcRenderer.invoke(CALL_CHANNEL, method, args) as Promise<BridgeResult>,
  listen: (listener) => {
    const handler: IpcRendererListener = (_event, update) => {
      listener(update as TrayUpdate);
    };
    ipcRenderer.on(UPDATE_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(UPDATE_CHANNEL, handler);
    };
  },
});

contextBridge.exposeInMainWorld(TRAY_API_GLOBAL, bridge);
