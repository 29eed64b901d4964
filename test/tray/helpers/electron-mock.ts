import { EventEmitter } from 'node:events';
import type {
  ElectronBrowserWindow,
  ElectronWebContents,
  IpcInvokeEvent,
  MainElectron,
  Menubar,
  MenubarOptions,
  MenuItemTemplate,
  PreventableEvent,
} from '../../../src/tray/electron-types.js';

/** A web contents that records its listeners and what was sent to it. */
export class MockWebContents extends EventEmitter implements ElectronWebContents {
  static #nextId = 1;
  readonly id = MockWebContents.#nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return false;
  }

  /** Emits `event` with a preventable event and returns whether a listener prevented it. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const preventable: PreventableEvent = {
      preventDefault: () => {
        prevented = true;
      },
    };
    this.emit(event, preventable, ...args);
    return prevented;
  }
}

/** The tray icon of the mock menubar. */
export class MockTray extends EventEmitter {
  image = '';
  toolTip = '';
  contextMenu: MockMenu | null = null;
  poppedUp: MockMenu[] = [];

  setImage(image: string): void {
    this.image = image;
  }

  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }

  setContextMenu(menu: object | null): void {
    this.contextMenu = menu as MockMenu | null;
  }

  popUpContextMenu(menu?: object): void {
    if (menu !== undefined) {
      this.poppedUp.push(menu as MockMenu);
    }
  }
}

/** A built menu: its template. */
export interface MockMenu {
  readonly template: readonly MenuItemTemplate[];
}

/** An EventEmitter-based stand-in for the `electron` module and the `menubar` factory. */
export class ElectronMock {
  readonly app = Object.assign(new EventEmitter(), {
    quitCount: 0,
    quit: () => {
      this.app.quitCount += 1;
    },
    requestSingleInstanceLock: () => true,
    dock: { hidden: false, hide: () => (this.app.dock.hidden = true) },
  });
  readonly ipcHandlers = new Map<
    string,
    (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>
  >();
  readonly notifications: { title: string; body: string }[] = [];
  readonly openedPaths: string[] = [];
  readonly sessionSettings = {
    requestFilter: null as
      | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void)
      | null,
    permissionRequest: null as
      | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)
      | null,
    permissionCheck: null as (() => boolean) | null,
    spellChecker: true,
  };
  menubarOptions: MenubarOptions | null = null;
  readonly tray = new MockTray();
  readonly popupContents = new MockWebContents();
  readonly menubar = Object.assign(new EventEmitter(), {
    shown: 0,
  });

  /** The mock `electron` module. */
  readonly electron: MainElectron = {
    app: this.app,
    Menu: { buildFromTemplate: (template) => ({ template }) satisfies MockMenu },
    ipcMain: {
      handle: (channel, handler) => {
        this.ipcHandlers.set(channel, handler);
      },
    },
    shell: {
      showItemInFolder: () => undefined,
      openPath: (filePath) => {
        this.openedPaths.push(filePath);
        return Promise.resolve('');
      },
    },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    },
    Notification: Object.assign(
      class {
        readonly #options: { title: string; body: string };
        constructor(options: { title: string; body: string }) {
          this.#options = options;
        }
        show(): void {
          mock.notifications.push({ title: this.#options.title, body: this.#options.body });
        }
      },
      { isSupported: () => true },
    ),
    session: {
      defaultSession: {
        webRequest: {
          onBeforeRequest: (listener) => {
            this.sessionSettings.requestFilter = listener;
          },
        },
        setPermissionRequestHandler: (handler) => {
          this.sessionSettings.permissionRequest = handler;
        },
        setPermissionCheckHandler: (handler) => {
          this.sessionSettings.permissionCheck = handler;
        },
        setSpellCheckerEnabled: (enabled) => {
          this.sessionSettings.spellChecker = enabled;
        },
      },
    },
  };

  constructor() {
    // The Notification class above reaches the mock through this binding.
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the nested class needs the instance.
    mock = this;
  }

  /** The mock `menubar` factory: records its options and returns an EventEmitter. */
  readonly createMenubar = (options: MenubarOptions): Menubar => {
    this.menubarOptions = options;
    const window: ElectronBrowserWindow = {
      webContents: this.popupContents,
      isDestroyed: () => false,
    };
    return Object.assign(this.menubar, {
      tray: this.tray,
      window,
      showWindow: () => {
        this.menubar.shown += 1;
        return Promise.resolve();
      },
      hideWindow: () => undefined,
    });
  };

  /** Calls the IPC handler of `channel` as a page with `sender` and `url` would. */
  invoke(channel: string, sender: ElectronWebContents, url: string, ...args: unknown[]) {
    const handler = this.ipcHandlers.get(channel);
    if (handler === undefined) {
      throw new Error(`no IPC handler for ${channel}`);
    }
    return handler({ sender, senderFrame: { url } }, ...args);
  }

  /** The current menu's template, from the context menu or the last one built. */
  get menu(): readonly MenuItemTemplate[] {
    return this.tray.contextMenu?.template ?? [];
  }
}

let mock: ElectronMock;
