import path from 'node:path';
import type { IconState } from '../view-model/icon-state.js';

/**
 * Returns the icon file for `state`, as scripts/build-tray.js names them. macOS gets the
 * template image, which Electron pairs with its `@2x` file and tints for light and dark menu
 * bars. Other platforms get the coloured variant.
 */
export function getIconPath(appDir: string, state: IconState, platform: NodeJS.Platform): string {
  const name = platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}-linux.png`;
  return path.join(appDir, 'icons', name);
}
