// The tray's Electron entry point, started by scripts/start-tray.js (`npm run tray`), which
// passes the built app folder, the runtime package with menubar, and the node binary and
// CLI script that start a daemon when no agent is installed.
// NOTE: this file and the preload have not run under a real Electron; the tests cover the
// rest of the main process through an Electron stand-in and the popup in Chromium.
import { createRequire } from 'node:module';
import path from 'node:path';
import { resolveLocations } from '../../shared/paths.js';
import type { MainElectron, MenubarFactory } from '../electron-types.js';
import { createHostMethods } from './create-host-methods.js';
import { DaemonLink } from './daemon-link.js';
import { findScreenshotsFolder } from './find-screenshots-folder.js';
import { startDaemon } from './start-daemon.js';
import { TrayApp } from './tray-app.js';
import { readTraySettings, writeTraySettings } from './tray-settings.js';

const appDir = requireEnv('METACLEAR_TRAY_APP');
const runtimeDir = requireEnv('METACLEAR_TRAY_RUNTIME');

// Both modules load at run time: neither is installed with the rest of the project, so the
// type checker checks only the surface typed in electron-types.ts.
const electronModuleName = 'electron';
const electronModule = (await import(electronModuleName)) as { default?: MainElectron };
const electron = electronModule.default ?? (electronModule as unknown as MainElectron);
const { menubar } = createRequire(path.join(runtimeDir, 'package.json'))('menubar') as {
  menubar: MenubarFactory;
};

if (!electron.app.requestSingleInstanceLock()) {
  electron.app.quit();
} else {
  const locations = resolveLocations();
  const link = new DaemonLink(locations.socketPath);
  const node = process.env.METACLEAR_TRAY_NODE;
  const entryScript = process.env.METACLEAR_TRAY_CLI;
  const host = createHostMethods({
    electron,
    link,
    findScreenshotsFolder: () => findScreenshotsFolder(process.platform, locations.home),
    startDaemon: () =>
      startDaemon({
        stateDir: locations.stateDir,
        platform: process.platform,
        fallback: node === undefined || entryScript === undefined ? null : { node, entryScript },
      }),
  });
  const app = new TrayApp({
    electron,
    createMenubar: menubar,
    link,
    host,
    appDir,
    logDir: locations.logDir,
    platform: process.platform,
    settings: await readTraySettings(locations.stateDir),
    saveSettings: (settings) => writeTraySettings(locations.stateDir, settings),
  });
  await app.start();
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || !path.isAbsolute(value)) {
    throw new Error(`${name} must be an absolute path; start the tray with 'npm run tray'.`);
  }
  return value;
}
