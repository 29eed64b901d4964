import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors.js';

/** The paths of the tray's parts in a checkout. */
export interface TrayPaths {
  /** The package that pins Electron and menubar, `src/tray/runtime`. */
  readonly runtimeDir: string;
  /** The built popup, `dist/tray-app`. */
  readonly appDir: string;
  /** The compiled Electron main process. */
  readonly mainScript: string;
  /** The CLI that the tray's "Start MetaClear" runs with `daemon`. */
  readonly cliScript: string;
}

/** Options for {@link launchTray}. */
export interface LaunchTrayOptions {
  readonly paths: TrayPaths;
  /** The environment the tray runs with: `METACLEAR_HOME` and the XDG folders carry over. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Whether the tray outlives this process: detached, with its output dropped. Otherwise it
   * shares this process's terminal.
   */
  readonly detached: boolean;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Returns the tray's paths in the checkout that this module was compiled in. */
export function getTrayPaths(root = REPO_ROOT): TrayPaths {
  return {
    runtimeDir: path.join(root, 'src', 'tray', 'runtime'),
    appDir: path.join(root, 'dist', 'tray-app'),
    mainScript: path.join(root, 'dist', 'tray', 'main', 'index.js'),
    cliScript: path.join(root, 'bin', 'metaclear.js'),
  };
}

/**
 * Starts the Electron app of the tray and resolves once its process runs. Electron comes from
 * the runtime package, whose `electron` module exports the path of the Electron binary.
 *
 * @throws AppError `E_TRAY_NOT_INSTALLED` when Electron or the built popup is missing.
 */
export async function launchTray(options: LaunchTrayOptions): Promise<ChildProcess> {
  const { paths } = options;
  const electronPath = findElectron(paths.runtimeDir);
  if (!existsSync(path.join(paths.appDir, 'popup.html')) || !existsSync(paths.mainScript)) {
    throw notInstalled(`the popup is not built in ${paths.appDir}`, paths);
  }
  const child = spawn(electronPath, [paths.mainScript], {
    detached: options.detached,
    stdio: options.detached ? 'ignore' : 'inherit',
    env: {
      ...options.env,
      METACLEAR_TRAY_APP: paths.appDir,
      METACLEAR_TRAY_RUNTIME: paths.runtimeDir,
      METACLEAR_TRAY_NODE: process.execPath,
      METACLEAR_TRAY_CLI: paths.cliScript,
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  if (options.detached) {
    child.unref();
  }
  return child;
}

function findElectron(runtimeDir: string): string {
  const manifest = path.join(runtimeDir, 'package.json');
  let electronPath: unknown;
  try {
    electronPath = createRequire(manifest)('electron');
  } catch (error) {
    throw notInstalled(`Electron is not installed in ${runtimeDir}`, undefined, error);
  }
  if (typeof electronPath !== 'string' || !existsSync(electronPath)) {
    throw notInstalled(`the Electron binary is missing in ${runtimeDir}`);
  }
  return electronPath;
}

function notInstalled(detail: string, paths?: TrayPaths, cause?: unknown): AppError {
  return new AppError(
    'E_TRAY_NOT_INSTALLED',
    `Cannot start the tray: ${detail}. Run \`npm run tray\` once in the MetaClear checkout ` +
      '(it needs Node.js 22.12 or later to install Electron); after that, `metaclear tray` ' +
      'starts it.',
    { cause, ...(paths === undefined ? {} : { path: paths.appDir }) },
  );
}
