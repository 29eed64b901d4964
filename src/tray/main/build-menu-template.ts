import type { MenuItemTemplate } from '../electron-types.js';
import type { MenuCommand, MenuItemView } from '../view-model/menu-view.js';

/** Turns the view model's menu into an Electron menu template that calls `run` on click. */
export function buildMenuTemplate(
  items: readonly MenuItemView[],
  run: (command: MenuCommand) => void,
): MenuItemTemplate[] {
  return items.map((item): MenuItemTemplate => {
    switch (item.type) {
      case 'label':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'command':
        return {
          label: item.label,
          enabled: item.enabled,
          click: () => {
            run(item.command);
          },
        };
      case 'checkbox':
        return {
          label: item.label,
          type: 'checkbox',
          checked: item.checked,
          click: () => {
            run(item.command);
          },
        };
      case 'submenu':
        return { label: item.label, type: 'submenu', submenu: buildMenuTemplate(item.items, run) };
    }
  });
}
