import { EventEmitter } from 'node:events';
import type { ElectronBrowserWindow, ElectronTray, Menubar } from '../electron-types.js';

/** The events `menubar` emits, by the names it uses. */
export const MENUBAR_EVENTS = [
  'ready',
  'create-window',
  'after-create-window',
  'show',
  'after-show',
  'hide',
  'after-hide',
  'focus-lost',
  'after-close',
] as const;

/** One `menubar` event name. */
export type MenubarEventName = (typeof MENUBAR_EVENTS)[number];

/**
 * A typed facade over `menubar`, whose events are untyped strings: each event is re-emitted
 * under the same name with a typed map, and `onReady()` resolves at once after `ready`.
 */
export class TrayShell extends EventEmitter<Record<MenubarEventName, []>> {
  readonly #menubar: Menubar;
  readonly #ready: Promise<void>;
  #isReady = false;

  constructor(menubar: Menubar) {
    super();
    this.#menubar = menubar;
    this.#ready = new Promise((resolve) => {
      this.once('ready', () => {
        this.#isReady = true;
        resolve();
      });
    });
    for (const name of MENUBAR_EVENTS) {
      menubar.on(name, () => {
        this.emit(name);
      });
    }
  }

  /** True after `menubar` has created the tray icon. */
  get isReady(): boolean {
    return this.#isReady;
  }

  /** Resolves once the tray icon exists; at once when it already does. */
  onReady(): Promise<void> {
    return this.#ready;
  }

  /** The tray icon; only valid after {@link onReady}. */
  get tray(): ElectronTray {
    return this.#menubar.tray;
  }

  /** The popup window, or undefined before `menubar` created it. */
  get window(): ElectronBrowserWindow | undefined {
    return this.#menubar.window;
  }

  /** Shows the popup, creating its window first if needed. */
  showPopup(): Promise<void> {
    return this.#menubar.showWindow();
  }
}
