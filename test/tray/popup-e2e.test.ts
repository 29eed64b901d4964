import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLocations } from '../../src/shared/paths.js';
import { DaemonLink } from '../../src/tray/main/daemon-link.js';
import { reportMissingDependency } from '../helpers/ci.js';
import {
  IS_BUILT,
  killDaemons,
  spawnDaemon,
  writeDaemonConfig,
  type DaemonProcess,
} from '../helpers/daemon-process.js';
import { closeExifTool, isExifToolAvailable } from '../helpers/exiftool.js';
import { createDirtyJpeg } from '../helpers/image-fixtures.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import {
  bundleTestBridge,
  buildTrayApp,
  createRecordingHost,
  HAS_CHROMIUM,
  launchChromium,
  openPopup,
  type PopupPage,
  type RecordingHost,
} from './helpers/popup-harness.js';

const RESULTS_DIR = path.resolve('test-results');

/** Polls until the value matches: daemon round trips and file settling take seconds. */
function poll<T>(probe: () => Promise<T> | T) {
  return expect.poll(probe, { timeout: 25_000, interval: 50 });
}

const canRun =
  (HAS_CHROMIUM ||
    !reportMissingDependency(
      'Chromium (/usr/bin/chromium)',
      "Install Debian's chromium package: apt-get install -y chromium.",
    )) &&
  (isExifToolAvailable() ||
    !reportMissingDependency('ExifTool', 'Install perl for exiftool-vendored.')) &&
  IS_BUILT;

/**
 * The popup in real headless Chromium, loaded from its built files, with the browser-test
 * bridge relaying every call to a real daemon through DaemonLink, as the main process does.
 */
describe.runIf(canRun)('tray popup end to end', { timeout: 60_000 }, () => {
  let home: string;
  let browser: Browser | undefined;
  let link: DaemonLink;
  let popup: PopupPage;
  let host: RecordingHost;
  let daemon: DaemonProcess | undefined;
  let inbox: string;
  let added: string;

  beforeAll(async () => {
    home = await createTempDir('metaclear-tray-e2e-');
    inbox = path.join(home, 'To Clean');
    added = path.join(home, 'Added');
    await mkdir(inbox, { recursive: true });
    await mkdir(added, { recursive: true });
    await writeDaemonConfig(home, {
      version: 1,
      folders: [
        { path: inbox, mode: 'output', output: path.join(home, 'Cleaned'), existing: 'clean' },
      ],
      originals: { action: 'vault', vault: path.join(home, 'Originals'), retentionDays: null },
    });
    const appDir = path.join(home, 'app');
    buildTrayApp(appDir);
    const bridgeScript = await bundleTestBridge();

    const socketPath = resolveLocations({ METACLEAR_HOME: home }).socketPath;
    link = new DaemonLink(socketPath, { minRetryMs: 100, maxRetryMs: 500 });
    host = createRecordingHost({
      chooseFolder: () => Promise.resolve(added),
      startDaemon: () => {
        daemon = spawnDaemon(home);
        link.reconnectNow();
        return Promise.resolve();
      },
    });
    browser = await launchChromium();
    popup = await openPopup(browser, appDir, bridgeScript, {
      request: (type, params) => link.request(type, params),
      host,
    });
    link.on('connection', (state) => {
      void popup.push({ kind: 'connection', state });
    });
    link.on('event', (event) => {
      void popup.push({ kind: 'event', event: event.event });
    });
    link.start();
  });

  afterAll(async () => {
    await link.close();
    await browser?.close();
    await killDaemons();
    await closeExifTool();
    await removeTempDirs();
  });

  it('offers to start a stopped daemon', async () => {
    const { page } = popup;
    await poll(() => page.locator('#status-line').textContent()).toBe('MetaClear is not running');
    await page.getByRole('button', { name: 'Start MetaClear' }).click();

    await poll(() => page.locator('#status-line').textContent()).toBe('Watching 1 folder');
    expect(host.calls.map((call) => call.method)).toEqual(['startDaemon']);
    expect(daemon).toBeDefined();
  });

  it('pauses and resumes', async () => {
    const { page } = popup;
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await poll(() => page.locator('#status-line').textContent()).toBe('Paused');
    expect((await link.request('status', {})).paused).toBe(true);

    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await poll(() => page.locator('#status-line').textContent()).toBe('Watching 1 folder');
    expect((await link.request('status', {})).paused).toBe(false);

    await page.getByRole('button', { name: 'Pause for 1 hour' }).click();
    // In the last hour of the day the end of the pause falls on the next day.
    await poll(() => page.locator('#status-line').textContent()).toMatch(
      /^Paused until (tomorrow )?\d\d:\d\d$/,
    );
    const status = await link.request('status', {});
    const remainingMs = new Date(status.pausedUntil ?? 0).getTime() - Date.now();
    expect(remainingMs).toBeGreaterThan(55 * 60_000);
    expect(remainingMs).toBeLessThanOrEqual(60 * 60_000);
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await poll(() => page.locator('#status-line').textContent()).toBe('Watching 1 folder');
  });

  it('adds a folder', async () => {
    const { page } = popup;
    await page.getByRole('button', { name: 'Add folder…' }).click();

    await poll(() => page.locator('#folders-list > li').count()).toBe(2);
    const folders = await link.request('folders.list', {});
    expect(folders.folders.map((folder) => folder.path)).toContain(added);
    await poll(() =>
      page.locator(`#folders-list > li[data-path="${added}"]`).textContent(),
    ).toContain('Cleans in place');
    expect(host.calls.at(-1)?.method).toBe('chooseFolder');
  });

  it('lists a dropped file with its removed kinds', async () => {
    const { page } = popup;
    const source = path.join(home, 'beach.jpg');
    await createDirtyJpeg(source);
    await copyFile(source, path.join(inbox, 'beach.jpg'));

    const item = page.locator('#recent-list > li', { hasText: 'beach.jpg' });
    await poll(() => item.count()).toBe(1);
    await poll(() => item.textContent()).toContain('Removed location, camera serial');
    await poll(() => page.locator('#status-line').textContent()).toBe(
      'Watching 2 folders · 1 cleaned today',
    );
  });

  it('shows a damaged image in needs attention', async () => {
    const { page } = popup;
    const png = await sharp({
      create: { width: 8, height: 8, channels: 3, background: '#808080' },
    })
      .png()
      .toBuffer();
    // Flip one byte of IHDR's CRC: the file is complete, and the cleaner rejects it.
    png[29] = (png[29] ?? 0) ^ 0xff;
    await writeFile(path.join(home, 'damaged.png'), png);
    await copyFile(path.join(home, 'damaged.png'), path.join(inbox, 'damaged.png'));

    const item = page.locator('#attention-list > li', { hasText: 'damaged.png' });
    await poll(() => item.textContent()).toContain('The file is damaged');
    await poll(() => page.locator('#status-line').textContent()).toBe(
      'Watching 2 folders · 1 cleaned today · 1 needs attention',
    );
  });

  it('shows a file that is no image in needs attention', async () => {
    const { page } = popup;
    await writeFile(path.join(home, 'broken.jpg'), 'this text is not an image\n');
    await copyFile(path.join(home, 'broken.jpg'), path.join(inbox, 'broken.jpg'));

    const item = page.locator('#attention-list > li', { hasText: 'broken.jpg' });
    await poll(() => item.textContent()).toContain('MetaClear cannot clean this kind of file.');
    await page.getByRole('button', { name: 'Show broken.jpg in its folder' }).click();
    await poll(() => host.calls.at(-1)).toEqual({
      method: 'revealPath',
      args: [path.join(inbox, 'broken.jpg')],
    });
    await poll(() => page.locator('#status-line').textContent()).toBe(
      'Watching 2 folders · 1 cleaned today · 2 need attention',
    );
  });

  it('saves screenshots in light and dark mode', async () => {
    const { page } = popup;
    await mkdir(RESULTS_DIR, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await poll(() => page.locator('#recent-list > li').count()).toBe(3);
      // A page screenshot, not an element one: the popup replaces its DOM on every update.
      await page.screenshot({
        path: path.join(RESULTS_DIR, `tray-popup-${colorScheme}.png`),
        fullPage: true,
      });
    }
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(30, 30, 32)');
  });

  it('restores an original', async () => {
    const { page } = popup;
    const original = await readFile(path.join(home, 'beach.jpg'));
    await page.getByRole('button', { name: 'Restore original of beach.jpg' }).click();

    const item = page.locator('#recent-list > li', { hasText: 'beach.jpg' });
    await poll(() => item.first().textContent()).toContain('Original restored');
    expect(await readFile(path.join(inbox, 'beach.jpg'))).toEqual(original);
  });

  it('loads nothing but its own files', () => {
    expect(popup.errors).toEqual([]);
    for (const url of popup.requests) {
      expect(url).toMatch(/^file:\/\//);
    }
  });
});
