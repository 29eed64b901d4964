// The part of Electron's and menubar's API that the tray uses, typed here because neither
// package is installed with the rest of the project (see the README's Tray section). The
// names and signatures follow Electron 45 and menubar 9.5.

/** `IpcRendererEvent`, reduced to what the preload reads. */
export type IpcRendererListener = (event: unknown, ...args: unknown[]) => void;

/** The modules a sandboxed preload can load from `electron`. */
export interface PreloadElectron {
  readonly contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };
  readonly ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: IpcRendererListener): unknown;
    removeListener(channel: string, listener: IpcRendererListener): unknown;
  };
}
