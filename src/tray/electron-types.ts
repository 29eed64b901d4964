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

/** `WebContents`, reduced to what the main process uses. */
export interface ElectronWebContents {
  readonly id: number;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** An event whose default action a listener can cancel. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** `BrowserWindow`, reduced to what the main process uses. */
export interface ElectronBrowserWindow {
  readonly webContents: ElectronWebContents;
  isDestroyed(): boolean;
}

/** `IpcMainInvokeEvent`, reduced to the sender checks. */
export interface IpcInvokeEvent {
  readonly sender: ElectronWebContents;
  readonly senderFrame: { readonly url: string } | null;
}

/** `Session`, reduced to the settings that keep the popup off the network. */
export interface ElectronSession {
  readonly webRequest: {
    onBeforeRequest(
      listener: (
        details: { readonly url: string },
        callback: (response: { cancel: boolean }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setSpellCheckerEnabled(enabled: boolean): void;
}

/** One item of a `Menu.buildFromTemplate` template. */
export interface MenuItemTemplate {
  readonly label?: string;
  readonly type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  readonly enabled?: boolean;
  readonly checked?: boolean;
  readonly click?: () => void;
  readonly submenu?: readonly MenuItemTemplate[];
}

/** A built native menu. */
export type ElectronMenu = object;

/** `Tray`, reduced to what the main process uses. */
export interface ElectronTray {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: ElectronMenu | null): void;
  popUpContextMenu(menu?: ElectronMenu): void;
  on(event: 'right-click', listener: () => void): unknown;
}

/** The `electron` module in the main process, reduced to what the tray uses. */
export interface MainElectron {
  readonly app: {
    quit(): void;
    requestSingleInstanceLock(): boolean;
    on(
      event: 'web-contents-created',
      listener: (event: unknown, contents: ElectronWebContents) => void,
    ): unknown;
    on(event: 'window-all-closed', listener: () => void): unknown;
    readonly dock?: { hide(): void };
  };
  readonly Menu: { buildFromTemplate(template: readonly MenuItemTemplate[]): ElectronMenu };
  readonly ipcMain: {
    handle(
      channel: string,
      handler: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>,
    ): void;
  };
  readonly shell: {
    showItemInFolder(fullPath: string): void;
    openPath(path: string): Promise<string>;
  };
  readonly dialog: {
    showOpenDialog(options: {
      readonly title: string;
      readonly properties: readonly ('openDirectory' | 'createDirectory')[];
    }): Promise<{ canceled: boolean; filePaths: string[] }>;
  };
  readonly Notification: {
    new (options: { title: string; body: string; silent: boolean }): { show(): void };
    isSupported(): boolean;
  };
  readonly session: { readonly defaultSession: ElectronSession };
}

/** The options of `menubar()` that the tray sets. */
export interface MenubarOptions {
  readonly index: string;
  readonly icon: string;
  readonly tooltip: string;
  readonly preloadWindow: boolean;
  readonly showDockIcon: boolean;
  readonly browserWindow: {
    readonly width: number;
    readonly height: number;
    readonly resizable: boolean;
    readonly show: boolean;
    readonly webPreferences: Readonly<Record<string, unknown>>;
  };
}

/** The object `menubar()` returns; its events are untyped strings. */
export interface Menubar {
  readonly tray: ElectronTray;
  readonly window: ElectronBrowserWindow | undefined;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  showWindow(): Promise<void>;
  hideWindow(): void;
}

/** The `menubar` package's factory. */
export type MenubarFactory = (options: MenubarOptions) => Menubar;
