import { describe, expect, it } from 'vitest';
import {
  buildMenuItems,
  type MenuItemView,
  type TraySnapshot,
} from '../../../src/tray/view-model/index.js';
import { makeSnapshot, makeStatus } from '../helpers/snapshots.js';

const OPTIONS = { now: new Date('2026-12-04T15:00:00Z'), locale: 'en-GB', timeZone: 'UTC' };

/** Flattens the menu to `label` lines, disabled ones in brackets, submenu items indented. */
function outline(items: readonly MenuItemView[], indent = ''): string[] {
  return items.flatMap((item) => {
    switch (item.type) {
      case 'label':
        return [`${indent}(${item.label})`];
      case 'separator':
        return [`${indent}---`];
      case 'command':
        return [`${indent}${item.enabled ? item.label : `[${item.label}]`}`];
      case 'checkbox':
        return [`${indent}${item.checked ? '✓' : '☐'} ${item.label}`];
      case 'submenu':
        return [`${indent}${item.label} >`, ...outline(item.items, `${indent}  `)];
    }
  });
}

describe('buildMenuItems', () => {
  it.each<[string, TraySnapshot, boolean, string[]]>([
    [
      'running on macOS',
      makeSnapshot(),
      false,
      [
        '(Watching 2 folders · 134 cleaned today)',
        '---',
        'Pause >',
        '  Until I Resume',
        '  For 1 Hour',
        '  Until Tomorrow',
        'Add Folder…',
        'Open Originals',
        'Open Log',
        '✓ Show Notifications',
        '---',
        'Quit Tray',
        'Quit MetaClear',
      ],
    ],
    [
      'paused on Linux',
      makeSnapshot({ status: makeStatus({ state: 'paused', paused: true }) }),
      true,
      [
        '(Paused · 134 cleaned today)',
        '---',
        'Open MetaClear',
        'Resume',
        'Add Folder…',
        'Open Originals',
        'Open Log',
        '✓ Show Notifications',
        '---',
        'Quit Tray',
        'Quit MetaClear',
      ],
    ],
    [
      'daemon stopped',
      { connection: 'unreachable', status: null, recent: [], attention: [] },
      false,
      [
        '(MetaClear is not running)',
        '---',
        'Start MetaClear',
        '[Add Folder…]',
        '[Open Originals]',
        'Open Log',
        '✓ Show Notifications',
        '---',
        'Quit Tray',
        '[Quit MetaClear]',
      ],
    ],
    [
      'connecting',
      { connection: 'connecting', status: null, recent: [], attention: [] },
      false,
      [
        '(Connecting to MetaClear…)',
        '---',
        '[Start MetaClear]',
        '[Add Folder…]',
        '[Open Originals]',
        'Open Log',
        '✓ Show Notifications',
        '---',
        'Quit Tray',
        '[Quit MetaClear]',
      ],
    ],
  ])('%s', (_name, snapshot, includeOpenPopup, expected) => {
    expect(
      outline(
        buildMenuItems(snapshot, { ...OPTIONS, includeOpenPopup, notificationsEnabled: true }),
      ),
    ).toEqual(expected);
  });

  it('names a command for every clickable item', () => {
    const commands = buildMenuItems(makeSnapshot(), {
      ...OPTIONS,
      includeOpenPopup: true,
      notificationsEnabled: false,
    })
      .flatMap((item) => (item.type === 'submenu' ? item.items : [item]))
      .flatMap((item) =>
        item.type === 'command' || item.type === 'checkbox' ? [item.command] : [],
      );
    expect(commands).toEqual([
      'open-popup',
      'pause',
      'pause-one-hour',
      'pause-until-tomorrow',
      'add-folder',
      'open-originals',
      'open-log',
      'toggle-notifications',
      'quit-tray',
      'quit-metaclear',
    ]);
  });
});
