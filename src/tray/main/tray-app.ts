import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StatusResult } from '../../shared/protocol/index.js';
import { dispatchBridgeCall, type BridgeBackend } from '../bridge/dispatch-bridge-call.js';
import {
  CALL_CHANNEL,
  UPDATE_CHANNEL,
  type BridgeResult,
  type HostMethods,
  type TrayUpdate,
} from '../bridge/tray-api.js';
import type { ElectronMenu, MainElectron, MenubarFactory } from '../electron-types.js';
import { selectIconState } from '../view-model/icon-state.js';
import { buildMenuItems, type MenuCommand } from '../view-model/menu-view.js';
import { getPauseUntil } from '../view-model/pause-until.js';
import { describeStatus } from '../view-model/status-line.js';
import type { TraySnapshot } from '../view-model/tray-snapshot.js';
import { buildMenuTemplate } from './build-menu-template.js';
import type { DaemonLink } from './daemon-link.js';
import { getIconPath } from './icon-paths.js';
import { NotificationBatcher } from './notification-batcher.js';
import type { TraySettings } from './tray-settings.js';
import { TrayShell } from './tray-shell.js';
import {
  createPopupWebPreferences,
  hardenSession,
  hardenWebContents,
  isTrustedSender,
} from './window-security.js';

/** The popup window's size in pixels; the page is laid out for 360 px. */
export const POPUP_SIZE = { width: 360, height: 560 } as const;

/** The tray app's parts: the entry point passes the real ones, and tests pass fakes. */
export interface TrayAppOptions {
  readonly electron: MainElectron;
  readonly createMenubar: MenubarFactory;
  readonly link: DaemonLink;
  readonly host: HostMethods;
  /** The folder scripts/build-tray.js wrote: popup.html, preload.cjs and icons/. */
  readonly appDir: string;
  readonly logDir: string;
  readonly platform: NodeJS.Platform;
  readonly settings: TraySettings;
  readonly saveSettings: (settings: TraySettings) => Promise<void>;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * The tray's main process: the menu-bar icon and its menu, the popup window and its bridge,
 * and notifications, all driven by one {@link DaemonLink}.
 */
export class TrayApp {
  readonly #options: TrayAppOptions;
  readonly #popupUrl: string;
  readonly #shell: TrayShell;
  readonly #batcher: NotificationBatcher;
  readonly #backend: BridgeBackend;
  #settings: TraySettings;
  #status: StatusResult | null = null;
  #menu: ElectronMenu | null = null;
  #refreshing = false;
  #refreshQueued = false;

  constructor(options: TrayAppOptions) {
    this.#options = options;
    this.#settings = options.settings;
    this.#popupUrl = pathToFileURL(path.join(options.appDir, 'popup.html')).href;
    const { electron } = options;
    hardenSession(electron.session.defaultSession, options.appDir);
    electron.app.on('web-contents-created', (_event, contents) => {
      hardenWebContents(contents);
    });
    electron.app.dock?.hide();
    this.#shell = new TrayShell(
      options.createMenubar({
        index: this.#popupUrl,
        icon: getIconPath(options.appDir, 'stopped', options.platform),
        tooltip: 'MetaClear',
        preloadWindow: true,
        showDockIcon: false,
        browserWindow: {
          ...POPUP_SIZE,
          resizable: false,
          show: false,
          webPreferences: createPopupWebPreferences(path.join(options.appDir, 'preload.cjs')),
        },
      }),
    );
    this.#batcher = new NotificationBatcher({
      isEnabled: () => this.#settings.notifications,
      show: (notification) => {
        this.#notify(notification.title, notification.body);
      },
    });
    this.#backend = {
      request: (type, params) => options.link.request(type, params),
      host: options.host,
    };
  }

  /** The typed menubar facade. */
  get shell(): TrayShell {
    return this.#shell;
  }

  /** Waits for the tray icon, then wires IPC, the menu and the daemon link. */
  async start(): Promise<void> {
    const { electron, link } = this.#options;
    // menubar ignores `window-all-closed` itself only when it owns the app's lifecycle; the
    // tray keeps running with no window, so this listener prevents the default quit.
    electron.app.on('window-all-closed', () => undefined);
    await this.#shell.onReady();
    electron.ipcMain.handle(CALL_CHANNEL, (event, method, args) => {
      if (!isTrustedSender(event, this.#shell.window, this.#popupUrl)) {
        return Promise.resolve<BridgeResult>({
          ok: false,
          error: {
            code: 'E_PERMISSION',
            message: 'bridge calls are accepted only from the MetaClear popup.',
          },
        });
      }
      return dispatchBridgeCall(method, args, this.#backend);
    });
    if (this.#options.platform === 'darwin') {
      this.#shell.tray.on('right-click', () => {
        if (this.#menu !== null) {
          this.#shell.tray.popUpContextMenu(this.#menu);
        }
      });
    }
    link.on('connection', (state) => {
      this.#push({ kind: 'connection', state });
      if (state !== 'connected') {
        this.#status = null;
      }
      this.refresh();
    });
    link.on('event', (event) => {
      this.#push({ kind: 'event', event: event.event });
      this.#batcher.add(event);
      this.refresh();
    });
    this.#render();
    link.start();
  }

  /** Reloads the status and redraws the icon and menu; calls during a reload fold into one. */
  refresh(): void {
    if (this.#refreshing) {
      this.#refreshQueued = true;
      return;
    }
    this.#refreshing = true;
    void this.#loadStatus().finally(() => {
      this.#refreshing = false;
      this.#render();
      if (this.#refreshQueued) {
        this.#refreshQueued = false;
        this.refresh();
      }
    });
  }

  /** Runs a menu command; failures become a notification. */
  async runCommand(command: MenuCommand): Promise<void> {
    try {
      await this.#runCommand(command);
    } catch (error) {
      this.#notify('MetaClear', error instanceof Error ? error.message : String(error));
    }
    this.refresh();
  }

  /** Stops the link and the notification timer. */
  async close(): Promise<void> {
    this.#batcher.close();
    await this.#options.link.close();
  }

  get #snapshot(): TraySnapshot {
    const connection = this.#options.link.state;
    return {
      connection,
      status: connection === 'connected' ? this.#status : null,
      recent: [],
      attention: [],
    };
  }

  async #loadStatus(): Promise<void> {
    if (this.#options.link.state !== 'connected') {
      return;
    }
    try {
      this.#status = await this.#options.link.request('status', {});
    } catch {
      // The link reports the lost connection itself, which redraws the icon and menu.
    }
  }

  #render(): void {
    const { electron, appDir, platform } = this.#options;
    const snapshot = this.#snapshot;
    const now = (this.#options.now ?? (() => new Date()))();
    const items = buildMenuItems(snapshot, {
      now,
      includeOpenPopup: platform !== 'darwin',
      notificationsEnabled: this.#settings.notifications,
    });
    this.#menu = electron.Menu.buildFromTemplate(
      buildMenuTemplate(items, (command) => {
        void this.runCommand(command);
      }),
    );
    const tray = this.#shell.tray;
    tray.setImage(getIconPath(appDir, selectIconState(snapshot), platform));
    tray.setToolTip(`MetaClear: ${describeStatus(snapshot, { now })}`);
    if (platform !== 'darwin') {
      // On Linux the app indicator shows only this menu, so it is the primary interface.
      tray.setContextMenu(this.#menu);
    }
  }

  async #runCommand(command: MenuCommand): Promise<void> {
    const { link, host, electron } = this.#options;
    const now = (this.#options.now ?? (() => new Date()))();
    switch (command) {
      case 'open-popup':
        await this.#shell.showPopup();
        return;
      case 'pause':
        await link.request('pause', { until: getPauseUntil('indefinitely', now) });
        return;
      case 'pause-one-hour':
        await link.request('pause', { until: getPauseUntil('one-hour', now) });
        return;
      case 'pause-until-tomorrow':
        await link.request('pause', { until: getPauseUntil('until-tomorrow', now) });
        return;
      case 'resume':
        await link.request('resume', {});
        return;
      case 'add-folder': {
        const folder = await host.chooseFolder();
        if (folder !== null) {
          await link.request('folders.add', { folder: { path: folder } });
        }
        return;
      }
      case 'open-originals':
        await host.openOriginals();
        return;
      case 'open-log':
        await electron.shell.openPath(this.#options.logDir);
        return;
      case 'start-daemon':
        await host.startDaemon();
        return;
      case 'toggle-notifications':
        this.#settings = { ...this.#settings, notifications: !this.#settings.notifications };
        await this.#options.saveSettings(this.#settings);
        return;
      case 'quit-metaclear':
        await link.request('shutdown', {});
        await this.close();
        electron.app.quit();
        return;
      case 'quit-tray':
        await this.close();
        electron.app.quit();
        return;
    }
  }

  #push(update: TrayUpdate): void {
    const window = this.#shell.window;
    if (window !== undefined && !window.isDestroyed() && !window.webContents.isDestroyed()) {
      window.webContents.send(UPDATE_CHANNEL, update);
    }
  }

  #notify(title: string, body: string): void {
    const { Notification } = this.#options.electron;
    if (Notification.isSupported()) {
      new Notification({ title, body, silent: true }).show();
    }
  }
}
