import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'rolldown';
import {
  dispatchBridgeCall,
  type BridgeBackend,
} from '../../../src/tray/bridge/dispatch-bridge-call.js';
import type { HostMethods, TrayUpdate } from '../../../src/tray/bridge/tray-api.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Debian's Chromium, which the tests drive through playwright-core. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when Debian's Chromium is installed. */
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

/**
 * Flags that keep Chromium off the network: no background requests, component updates, sync
 * or QUIC, which this machine's closed network would refuse many times per start.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the tray app into `outDir` with the same script `npm run tray` runs. */
export function buildTrayApp(outDir: string): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-tray.js'), outDir], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
}

/** Bundles the browser-test bridge into one script for `addInitScript`. */
export async function bundleTestBridge(): Promise<string> {
  const output = await build({
    input: path.join(REPO_ROOT, 'test', 'tray', 'helpers', 'test-bridge-entry.ts'),
    platform: 'browser',
    resolve: { extensionAlias: { '.js': ['.ts', '.js'] } },
    write: false,
    output: { format: 'iife' },
    logLevel: 'warn',
  });
  const chunk = output.output[0];
  return chunk.code;
}

/** Starts headless Chromium with the flags above. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A popup page whose bridge calls go to `backend`, and what it reported. */
export interface PopupPage {
  readonly page: Page;
  /** Console errors and page errors, CSP violations among them. */
  readonly errors: string[];
  /** Every URL the page requested. */
  readonly requests: string[];
  /** Pushes an update to the popup, as the main process does over IPC. */
  readonly push: (update: TrayUpdate) => Promise<void>;
}

/** Opens `<appDir>/popup.html` from its file in a new 360 px wide page. */
export async function openPopup(
  browser: Browser,
  appDir: string,
  bridgeScript: string,
  backend: BridgeBackend,
): Promise<PopupPage> {
  const context = await browser.newContext({ viewport: { width: 360, height: 480 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.exposeFunction('__metaclearCall', (method: unknown, args: unknown) =>
    dispatchBridgeCall(method, args, backend),
  );
  await page.addInitScript(bridgeScript);
  await page.goto(pathToFileURL(path.join(appDir, 'popup.html')).href);
  return {
    page,
    errors,
    requests,
    push: async (update) => {
      if (page.isClosed()) {
        return;
      }
      await page.evaluate((value) => {
        (globalThis as unknown as { __metaclearPush: (u: unknown) => void }).__metaclearPush(value);
      }, update);
    },
  };
}

/** Host methods for tests: each records its call and returns what the test set. */
export interface RecordingHost extends HostMethods {
  readonly calls: { method: keyof HostMethods; args: unknown[] }[];
}

/** Builds a {@link RecordingHost} from `overrides`; the rest resolve with null. */
export function createRecordingHost(overrides: Partial<HostMethods>): RecordingHost {
  const calls: RecordingHost['calls'] = [];
  const record =
    (method: keyof HostMethods) =>
    async (...args: unknown[]): Promise<never> => {
      calls.push({ method, args });
      const override = overrides[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
      return (override === undefined ? null : await override(...args)) as never;
    };
  return {
    calls,
    chooseFolder: record('chooseFolder'),
    revealPath: record('revealPath'),
    openOriginals: record('openOriginals'),
    findScreenshotsFolder: record('findScreenshotsFolder'),
    startDaemon: record('startDaemon'),
  };
}
