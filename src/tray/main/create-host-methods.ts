import { AppError } from '../../shared/errors.js';
import type { HostMethods } from '../bridge/tray-api.js';
import type { MainElectron } from '../electron-types.js';
import type { DaemonLink } from './daemon-link.js';

/** The app's parts that the host methods use. */
export interface HostMethodsContext {
  readonly electron: Pick<MainElectron, 'dialog' | 'shell'>;
  readonly link: Pick<DaemonLink, 'request' | 'reconnectNow'>;
  readonly findScreenshotsFolder: () => Promise<string | null>;
  readonly startDaemon: () => Promise<unknown>;
}

/** Implements the bridge's host methods with Electron's dialog and shell. */
export function createHostMethods(context: HostMethodsContext): HostMethods {
  const { electron, link } = context;
  return {
    chooseFolder: async () => {
      const result = await electron.dialog.showOpenDialog({
        title: 'Choose a folder for MetaClear to watch',
        properties: ['openDirectory', 'createDirectory'],
      });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    revealPath: (filePath) => {
      electron.shell.showItemInFolder(filePath);
      return Promise.resolve();
    },
    openOriginals: async () => {
      const status = await link.request('status', {});
      const failure = await electron.shell.openPath(status.vault.path);
      if (failure !== '') {
        throw new AppError('E_NOT_FOUND', `cannot open ${status.vault.path}: ${failure}`, {
          path: status.vault.path,
        });
      }
    },
    findScreenshotsFolder: () => context.findScreenshotsFolder(),
    startDaemon: async () => {
      await context.startDaemon();
      link.reconnectNow();
    },
  };
}
