import { afterEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StatusResult } from '../../../src/shared/protocol/index.js';
import { CALL_CHANNEL, UPDATE_CHANNEL } from '../../../src/tray/bridge/tray-api.js';
import type { MenuItemTemplate } from '../../../src/tray/electron-types.js';
import { DaemonLink } from '../../../src/tray/main/daemon-link.js';
import { TrayApp } from '../../../src/tray/main/tray-app.js';
import { ElectronMock, MockWebContents } from '../helpers/electron-mock.js';
import { FakeDaemonClient } from '../helpers/fake-daemon-client.js';
import { createRecordingHost } from '../helpers/popup-harness.js';
import { makeStatus } from '../helpers/snapshots.js';

const APP_DIR = '/opt/metaclear/dist/tray-app';
const POPUP_URL = pathToFileURL(path.join(APP_DIR, 'popup.html')).href;

interface Harness {
  readonly mock: ElectronMock;
  readonly app: TrayApp;
  readonly link: DaemonLink;
  readonly clients: FakeDaemonClient[];
  readonly daemon: { up: boolean; status: StatusResult };
  readonly saved: unknown[];
}

const running: Harness[] = [];

async function startApp(platform: NodeJS.Platform, status = makeStatus()): Promise<Harness> {
  const mock = new ElectronMock();
  const clients: FakeDaemonClient[] = [];
  const daemon = { up: true, status };
  const link = new DaemonLink('/tmp/metaclear-test.sock', {
    minRetryMs: 50,
    maxRetryMs: 50,
    connect: () => {
      if (!daemon.up) {
        return Promise.reject(new Error('no daemon'));
      }
      const client = new FakeDaemonClient({
        get status() {
          return daemon.status;
        },
        pause: { folder: null, until: null },
        resume: { folder: null, wasPaused: true },
        shutdown: { stopping: true },
      });
      clients.push(client);
      return Promise.resolve(client);
    },
  });
  const saved: unknown[] = [];
  const app = new TrayApp({
    electron: mock.electron,
    createMenubar: mock.createMenubar,
    link,
    host: createRecordingHost({}),
    appDir: APP_DIR,
    logDir: '/var/log/metaclear',
    platform,
    settings: { notifications: true },
    saveSettings: (settings) => {
      saved.push(settings);
      return Promise.resolve();
    },
    now: () => new Date('2026-12-04T15:00:00Z'),
  });
  const starting = app.start();
  mock.menubar.emit('ready');
  await starting;
  const harness = { mock, app, link, clients, daemon, saved };
  running.push(harness);
  return harness;
}

/** Waits until the menu's first line reads `statusLine`. */
async function waitForMenu(mock: ElectronMock, statusLine: string): Promise<void> {
  await vi.waitFor(() => {
    expect(mock.menu[0]?.label).toBe(statusLine);
  });
}

function labels(template: readonly MenuItemTemplate[]): string[] {
  return template.map((item) => item.label ?? '---');
}

function findItem(template: readonly MenuItemTemplate[], label: string): MenuItemTemplate {
  for (const item of template) {
    if (item.label === label) {
      return item;
    }
    const nested = item.submenu?.find((child) => child.label === label);
    if (nested !== undefined) {
      return nested;
    }
  }
  throw new Error(`no menu item '${label}' in ${JSON.stringify(labels(template))}`);
}

afterEach(async () => {
  for (const harness of running.splice(0)) {
    await harness.app.close();
  }
});

describe('TrayApp security', () => {
  it('creates the popup isolated and sandboxed', async () => {
    const { mock } = await startApp('linux');
    const preferences = mock.menubarOptions?.browserWindow.webPreferences;

    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      webSecurity: true,
      preload: path.join(APP_DIR, 'preload.cjs'),
    });
    expect(mock.menubarOptions?.index).toBe(POPUP_URL);
    expect(mock.menubarOptions?.browserWindow.width).toBe(360);
  });

  it('blocks every request but its own files', async () => {
    const { mock } = await startApp('linux');
    const filter = mock.sessionSettings.requestFilter;
    const isBlocked = (url: string): boolean => {
      let cancel: boolean | undefined;
      filter?.({ url }, (response) => (cancel = response.cancel));
      return cancel ?? false;
    };

    expect(filter).not.toBeNull();
    expect(isBlocked(POPUP_URL)).toBe(false);
    expect(isBlocked(pathToFileURL(path.join(APP_DIR, 'popup.js')).href)).toBe(false);
    expect(isBlocked('https://fonts.example.com/font.woff2')).toBe(true);
    expect(isBlocked('http://127.0.0.1:8080/')).toBe(true);
    expect(isBlocked('ws://localhost/')).toBe(true);
    expect(isBlocked('data:text/html,hi')).toBe(true);
    expect(isBlocked('file:///etc/passwd')).toBe(true);
    expect(isBlocked(pathToFileURL(path.join(APP_DIR, '..', 'secret.txt')).href)).toBe(true);
  });

  it('denies permissions and turns the spellchecker off', async () => {
    const { mock } = await startApp('linux');
    let granted: boolean | undefined;
    mock.sessionSettings.permissionRequest?.(null, 'media', (value) => (granted = value));

    expect(granted).toBe(false);
    expect(mock.sessionSettings.permissionCheck?.()).toBe(false);
    expect(mock.sessionSettings.spellChecker).toBe(false);
  });

  it('denies navigation, new windows and webviews', async () => {
    const { mock } = await startApp('linux');
    const contents = new MockWebContents();
    mock.app.emit('web-contents-created', {}, contents);

    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({
      action: 'deny',
    });
  });

  it('accepts bridge calls only from the popup', async () => {
    const { mock, link } = await startApp('linux');
    await link.onConnected();

    const fromPopup = await mock.invoke(CALL_CHANNEL, mock.popupContents, POPUP_URL, 'getStatus', [
      {},
    ]);
    const fromOther = await mock.invoke(
      CALL_CHANNEL,
      new MockWebContents(),
      POPUP_URL,
      'getStatus',
      [{}],
    );
    const fromOtherPage = await mock.invoke(
      CALL_CHANNEL,
      mock.popupContents,
      'file:///tmp/evil.html',
      'getStatus',
      [{}],
    );
    const unknownMethod = await mock.invoke(
      CALL_CHANNEL,
      mock.popupContents,
      POPUP_URL,
      'shutdown',
      [{}],
    );

    expect(fromPopup).toMatchObject({ ok: true, value: { state: 'idle' } });
    expect(fromOther).toMatchObject({ ok: false, error: { code: 'E_PERMISSION' } });
    expect(fromOtherPage).toMatchObject({ ok: false, error: { code: 'E_PERMISSION' } });
    expect(unknownMethod).toMatchObject({ ok: false, error: { code: 'E_USAGE' } });
  });
});

describe('TrayApp menu and icon', () => {
  it('shows the status, menu and idle icon', async () => {
    const { mock } = await startApp('linux');
    await waitForMenu(mock, 'Watching 2 folders · 134 cleaned today');

    expect(labels(mock.menu)).toEqual([
      'Watching 2 folders · 134 cleaned today',
      '---',
      'Open MetaClear',
      'Pause',
      'Add Folder…',
      'Open Originals',
      'Open Log',
      'Show Notifications',
      '---',
      'Quit Tray',
      'Quit MetaClear',
    ]);
    expect(mock.tray.image).toBe(path.join(APP_DIR, 'icons', 'tray-idle-linux.png'));
    expect(mock.tray.toolTip).toBe('MetaClear: Watching 2 folders · 134 cleaned today');
  });

  it('uses template icons and a right-click menu on macOS', async () => {
    const { mock } = await startApp('darwin');
    await vi.waitFor(() => {
      expect(mock.tray.image).toBe(path.join(APP_DIR, 'icons', 'tray-idleTemplate.png'));
    });
    mock.tray.emit('right-click');

    expect(mock.tray.contextMenu).toBeNull();
    expect(mock.tray.poppedUp).toHaveLength(1);
    expect(labels(mock.tray.poppedUp[0]?.template ?? [])).not.toContain('Open MetaClear');
    expect(mock.app.dock.hidden).toBe(true);
  });

  it.each([
    ['paused', makeStatus({ state: 'paused', paused: true }), 'tray-paused-linux.png'],
    ['working', makeStatus({ state: 'working' }), 'tray-working-linux.png'],
    [
      'attention',
      makeStatus({ state: 'attention', counts: { cleanedToday: 0, queued: 0, attention: 2 } }),
      'tray-attention-linux.png',
    ],
  ])('shows the %s icon', async (_name, status, icon) => {
    const { mock } = await startApp('linux', status);
    await vi.waitFor(() => {
      expect(mock.tray.image).toBe(path.join(APP_DIR, 'icons', icon));
    });
  });

  it('pauses for one hour from the menu', async () => {
    const { mock, clients } = await startApp('linux');
    await waitForMenu(mock, 'Watching 2 folders · 134 cleaned today');
    findItem(mock.menu, 'For 1 Hour').click?.();

    await vi.waitFor(() => {
      expect(clients[0]?.requests).toContainEqual({
        type: 'pause',
        params: { until: '2026-12-04T16:00:00.000Z' },
      });
    });
  });

  it('opens the popup from the Linux menu', async () => {
    const { mock } = await startApp('linux');
    await waitForMenu(mock, 'Watching 2 folders · 134 cleaned today');
    findItem(mock.menu, 'Open MetaClear').click?.();

    await vi.waitFor(() => {
      expect(mock.menubar.shown).toBe(1);
    });
  });

  it('switches notifications off and saves it', async () => {
    const { mock, saved } = await startApp('linux');
    await waitForMenu(mock, 'Watching 2 folders · 134 cleaned today');
    expect(findItem(mock.menu, 'Show Notifications').checked).toBe(true);
    findItem(mock.menu, 'Show Notifications').click?.();

    await vi.waitFor(() => {
      expect(findItem(mock.menu, 'Show Notifications').checked).toBe(false);
    });
    expect(saved).toEqual([{ notifications: false }]);
  });

  it('quits the daemon and the tray', async () => {
    const { mock, clients } = await startApp('linux');
    await waitForMenu(mock, 'Watching 2 folders · 134 cleaned today');
    findItem(mock.menu, 'Quit MetaClear').click?.();

    await vi.waitFor(() => {
      expect(mock.app.quitCount).toBe(1);
    });
    expect(clients[0]?.requests.map((request) => request.type)).toContain('shutdown');
  });
});

describe('TrayApp reconnects', () => {
  it('shows the stopped state and recovers when the daemon returns', async () => {
    const { mock, clients, daemon } = await startApp('linux');
    await waitForMenu(mock, 'Watching 2 folders · 134 cleaned today');

    daemon.up = false;
    clients[0]?.drop();
    await waitForMenu(mock, 'MetaClear is not running');
    expect(mock.tray.image).toBe(path.join(APP_DIR, 'icons', 'tray-stopped-linux.png'));
    expect(findItem(mock.menu, 'Start MetaClear').enabled).toBe(true);
    expect(mock.popupContents.sent).toContainEqual({
      channel: UPDATE_CHANNEL,
      args: [{ kind: 'connection', state: 'unreachable' }],
    });

    daemon.up = true;
    daemon.status = makeStatus({ state: 'paused', paused: true });
    await waitForMenu(mock, 'Paused · 134 cleaned today');
    expect(mock.tray.image).toBe(path.join(APP_DIR, 'icons', 'tray-paused-linux.png'));
    expect(clients).toHaveLength(2);
  });

  it('forwards daemon events to the popup and batches notifications', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { mock, clients, link } = await startApp('linux');
      await link.onConnected();
      for (const name of ['a.jpg', 'b.jpg', 'c.jpg']) {
        clients[0]?.emitEvent({
          type: 'event',
          event: 'job.done',
          data: {
            jobId: '01JEXAMPLE0000000000000000',
            folder: '/home/ada/Inbox',
            input: `/home/ada/Inbox/${name}`,
            output: `/home/ada/Cleaned/${name}`,
            original: null,
            status: 'cleaned',
            removed: ['gps', 'camera-serial'],
            kept: [],
            code: null,
            reason: null,
            durationMs: 5,
            format: 'jpeg',
            bytes: 100,
          },
        });
      }
      expect(mock.notifications).toEqual([]);
      await vi.advanceTimersByTimeAsync(4_000);

      expect(mock.notifications).toEqual([
        { title: 'Cleaned 3 files', body: 'a.jpg and 2 others. Removed location, camera serial.' },
      ]);
      expect(mock.popupContents.sent).toContainEqual({
        channel: UPDATE_CHANNEL,
        args: [{ kind: 'event', event: 'job.done' }],
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
