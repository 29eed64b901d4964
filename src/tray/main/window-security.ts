import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ElectronBrowserWindow,
  ElectronSession,
  ElectronWebContents,
  IpcInvokeEvent,
} from '../electron-types.js';

/**
 * Creates the popup's `webPreferences`: isolated and sandboxed, no Node in the page or its
 * workers, no webviews, and no spellchecker, which would download dictionaries.
 */
export function createPopupWebPreferences(preloadPath: string): Readonly<Record<string, unknown>> {
  return Object.freeze({
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  });
}

/**
 * Returns true when `url` is a `file:` URL inside `appDir`. Every other request, remote or
 * local, is blocked, because the popup loads only its own page, script and style sheet.
 */
export function isAllowedRequest(url: string, appDir: string): boolean {
  if (!url.startsWith('file:')) {
    return false;
  }
  let filePath: string;
  try {
    filePath = fileURLToPath(url);
  } catch {
    return false;
  }
  const relative = path.relative(appDir, filePath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Locks the session down: blocks every request but the app's own files, denies every
 * permission request and check, and turns the spellchecker off.
 */
export function hardenSession(session: ElectronSession, appDir: string): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, appDir) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setSpellCheckerEnabled(false);
}

/** Denies navigation, redirects, new windows and webviews in `contents`. */
export function hardenWebContents(contents: ElectronWebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Returns true when an IPC call comes from the popup window's own page: the same web
 * contents, and a top frame showing `popupUrl`.
 */
export function isTrustedSender(
  event: IpcInvokeEvent,
  popup: ElectronBrowserWindow | undefined,
  popupUrl: string,
): boolean {
  if (popup === undefined || popup.isDestroyed()) {
    return false;
  }
  return event.sender.id === popup.webContents.id && event.senderFrame?.url === popupUrl;
}
