import path from 'node:path';
import { formatDisplayPath } from './format-display-path.js';

/**
 * Shows a path the daemon sent on one terminal line, with the home folder as `~`, so the same
 * folder reads the same from any working folder.
 */
export function formatHomePath(filePath: string, home: string): string {
  const relative = path.relative(home, filePath);
  if (relative === '') {
    return '~';
  }
  const isInsideHome = relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative);
  // formatDisplayPath leaves a relative path as it is apart from escaping control characters.
  return isInsideHome
    ? `~/${formatDisplayPath(relative, home)}`
    : formatDisplayPath(filePath, home);
}
