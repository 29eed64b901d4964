import type { CommandContext } from '../command-context.js';
import { EXIT_CODES } from '../exit-codes.js';
import { getTrayPaths, launchTray, type TrayPaths } from './launch-tray.js';

/**
 * Runs `metaclear tray`: starts the menu-bar tray in the background and returns. A tray that
 * already runs keeps its place; Electron's single-instance lock makes the new one quit.
 */
export async function runTray(
  context: CommandContext,
  paths: TrayPaths = getTrayPaths(),
): Promise<number> {
  const child = await launchTray({ paths, env: context.env, detached: true });
  context.io.stdout.write(
    `Started the MetaClear tray (process ${String(child.pid)}). ` +
      'Its menu has "Quit Tray" to close it.\n',
  );
  return EXIT_CODES.success;
}
