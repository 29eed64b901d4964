import type { FolderStatus } from '../shared/protocol/index.js';
import type { DisplayContext } from './display-context.js';
import { formatHomePath } from './format-home-path.js';
import { formatLocalTime } from './format-local-time.js';

/**
 * Formats watched folders as aligned lines of path, mode and state, such as
 * `  ~/Pictures/Screenshots  in place  paused until 15:30`.
 */
export function formatFolderLines(
  folders: readonly FolderStatus[],
  context: DisplayContext,
): string[] {
  const rows = folders.map((folder) => [
    formatHomePath(folder.path, context.home),
    describeMode(folder, context),
    describeFolderState(folder, context),
  ]);
  const pathWidth = Math.max(0, ...rows.map(([folderPath = '']) => folderPath.length));
  const modeWidth = Math.max(0, ...rows.map(([, mode = '']) => mode.length));
  return rows.map(
    ([folderPath = '', mode = '', state = '']) =>
      `  ${folderPath.padEnd(pathWidth)}  ${mode.padEnd(modeWidth)}  ${state}`,
  );
}

function describeMode(folder: FolderStatus, context: DisplayContext): string {
  if (folder.mode === 'in-place' || folder.output === null) {
    return 'in place';
  }
  return `cleaned copies to ${formatHomePath(folder.output, context.home)}`;
}

/** Describes a folder's state in words, with when its own pause ends and why it is unavailable. */
export function describeFolderState(folder: FolderStatus, context: DisplayContext): string {
  if (folder.state === 'unavailable') {
    const reason = folder.reason === null ? '' : `: ${folder.reason}`;
    const code = folder.code === null ? '' : ` (${folder.code})`;
    return `unavailable${reason}${code}`;
  }
  // `paused` is the folder's own pause; a `paused` state without it comes from the global one.
  if (folder.paused) {
    return folder.pausedUntil === null
      ? 'paused until resumed'
      : `paused until ${formatLocalTime(folder.pausedUntil, context.now)}`;
  }
  return folder.state;
}
