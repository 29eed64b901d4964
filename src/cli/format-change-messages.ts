import type { RequestResult } from '../shared/protocol/index.js';
import type { DisplayContext } from './display-context.js';
import { formatHomePath } from './format-home-path.js';
import { formatLocalTime } from './format-local-time.js';

/** Confirms a pause: `Paused all folders until 15:30.` */
export function formatPauseMessage(
  result: RequestResult<'pause'>,
  context: DisplayContext,
): string {
  const target = describeTarget(result.folder, context);
  const until =
    result.until === null
      ? `until you run \`metaclear resume${formatResumeArgument(result.folder)}\``
      : `until ${formatLocalTime(result.until, context.now)}`;
  return `Paused ${target} ${until}.\n`;
}

/** Confirms a resume, or reports that nothing was paused. */
export function formatResumeMessage(
  result: RequestResult<'resume'>,
  context: DisplayContext,
): string {
  if (result.wasPaused) {
    return `Resumed ${describeTarget(result.folder, context)}.\n`;
  }
  return result.folder === null
    ? 'Nothing to resume: no pause of all folders is in force. A folder paused on its own ' +
        'resumes with `metaclear resume FOLDER`.\n'
    : `Nothing to resume: ${formatHomePath(result.folder, context.home)} is not paused.\n`;
}

/** Confirms `folders add`, with the mode and what happens to the files already there. */
export function formatFolderAddedMessage(
  result: RequestResult<'folders.add'>,
  context: DisplayContext,
): string {
  const { folder } = result;
  const mode =
    folder.mode === 'in-place' || folder.output === null
      ? 'cleaning files in place'
      : `putting cleaned copies in ${formatHomePath(folder.output, context.home)}`;
  const existing =
    folder.existing === 'clean'
      ? 'The files already there are cleaned now.'
      : 'The files already there are left as they are; new files are cleaned.';
  return `Watching ${formatHomePath(folder.path, context.home)}, ${mode}.\n${existing}\n`;
}

/** Confirms `folders remove`. */
export function formatFolderRemovedMessage(
  result: RequestResult<'folders.remove'>,
  context: DisplayContext,
): string {
  return (
    `Stopped watching ${formatHomePath(result.path, context.home)}. ` +
    'Its files, and the originals already moved aside, stay where they are.\n'
  );
}

/** Confirms `attention retry` of a file that the daemon queued again in its watched folder. */
export function formatRetryQueuedMessage(
  result: RequestResult<'attention.retry'>,
  context: DisplayContext,
): string {
  return (
    `Queued ${formatHomePath(result.path, context.home)} again; \`metaclear recent\` shows ` +
    'the outcome once the daemon has handled it.\n'
  );
}

/** Confirms `attention dismiss`. */
export function formatDismissedMessage(result: RequestResult<'attention.dismiss'>): string {
  return `Dismissed ${result.id}; the file stays off the list unless its content changes.\n`;
}

/** Reports where `revert` put the original and what became of the cleaned copy. */
export function formatRevertMessage(
  result: RequestResult<'revert'>,
  context: DisplayContext,
): string {
  const lines = [`Restored the original to ${formatHomePath(result.restored, context.home)}.`];
  if (result.removedOutput !== null) {
    lines.push(`Deleted the cleaned copy ${formatHomePath(result.removedOutput, context.home)}.`);
  }
  if (result.keptOutput !== null) {
    lines.push(
      `Kept the cleaned copy ${formatHomePath(result.keptOutput, context.home)}, because it ` +
        'changed after cleaning.',
    );
  }
  return `${lines.join('\n')}\n`;
}

function describeTarget(folder: string | null, context: DisplayContext): string {
  return folder === null ? 'all folders' : formatHomePath(folder, context.home);
}

/** Returns ` FOLDER` as a shell argument, single-quoted when it contains other characters. */
function formatResumeArgument(folder: string | null): string {
  if (folder === null) {
    return '';
  }
  const isPlain = /^[\w@%+=:,./-]+$/.test(folder);
  return ` ${isPlain ? folder : `'${folder.replaceAll("'", "'\\''")}'`}`;
}
