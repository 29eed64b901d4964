import { describeStatus } from './status-line.js';
import type { TraySnapshot, ViewOptions } from './tray-snapshot.js';

/** The action of a native menu item. */
export type MenuCommand =
  | 'open-popup'
  | 'pause'
  | 'pause-one-hour'
  | 'pause-until-tomorrow'
  | 'resume'
  | 'add-folder'
  | 'open-originals'
  | 'open-log'
  | 'toggle-notifications'
  | 'start-daemon'
  | 'quit-tray'
  | 'quit-metaclear';

/** One entry of the native context menu, before it becomes an Electron template. */
export type MenuItemView =
  | { readonly type: 'label'; readonly label: string }
  | { readonly type: 'separator' }
  | {
      readonly type: 'command';
      readonly command: MenuCommand;
      readonly label: string;
      readonly enabled: boolean;
    }
  | {
      readonly type: 'checkbox';
      readonly command: MenuCommand;
      readonly label: string;
      readonly checked: boolean;
    }
  | { readonly type: 'submenu'; readonly label: string; readonly items: readonly MenuItemView[] };

/** Options for {@link buildMenuItems}. */
export interface MenuOptions extends ViewOptions {
  /**
   * Put "Open MetaClear" first, because on Linux the menu is the tray's primary interface and
   * a click on the icon does not open the popup.
   */
  readonly includeOpenPopup: boolean;
  /** Notifications about cleaned files and files that need attention are on. */
  readonly notificationsEnabled: boolean;
}

/** Builds the native context menu from a snapshot. */
export function buildMenuItems(snapshot: TraySnapshot, options: MenuOptions): MenuItemView[] {
  const connected = snapshot.connection === 'connected' && snapshot.status !== null;
  const items: MenuItemView[] = [{ type: 'label', label: describeStatus(snapshot, options) }];
  items.push({ type: 'separator' });
  if (options.includeOpenPopup) {
    items.push(command('open-popup', 'Open MetaClear', true));
  }
  if (!connected) {
    items.push(command('start-daemon', 'Start MetaClear', snapshot.connection === 'unreachable'));
  } else if (snapshot.status.paused) {
    items.push(command('resume', 'Resume', true));
  } else {
    items.push({
      type: 'submenu',
      label: 'Pause',
      items: [
        command('pause', 'Until I Resume', true),
        command('pause-one-hour', 'For 1 Hour', true),
        command('pause-until-tomorrow', 'Until Tomorrow', true),
      ],
    });
  }
  items.push(command('add-folder', 'Add Folder…', connected));
  items.push(command('open-originals', 'Open Originals', connected));
  items.push(command('open-log', 'Open Log', true));
  items.push({
    type: 'checkbox',
    command: 'toggle-notifications',
    label: 'Show Notifications',
    checked: options.notificationsEnabled,
  });
  items.push({ type: 'separator' });
  items.push(command('quit-tray', 'Quit Tray', true));
  items.push(command('quit-metaclear', 'Quit MetaClear', connected));
  return items;
}

function command(name: MenuCommand, label: string, enabled: boolean): MenuItemView {
  return { type: 'command', command: name, label, enabled };
}
