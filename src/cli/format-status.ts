import type { StatusResult } from '../shared/protocol/index.js';
import type { DisplayContext } from './display-context.js';
import { formatByteSize } from './format-byte-size.js';
import { formatCount } from './format-count.js';
import { formatFolderLines } from './format-folder-lines.js';
import { formatHomePath } from './format-home-path.js';
import { formatLocalTime } from './format-local-time.js';

/**
 * Formats the daemon's status for a person: a headline such as
 * `Watching 2 folders · 134 cleaned today` (`Watching 1 of 2 folders` while one is paused or
 * unavailable), the pause, queue and attention lines that apply,
 * one line per folder, and where the originals go.
 */
export function formatStatus(status: StatusResult, context: DisplayContext): string {
  const lines = [`${describeWatching(status)} · ${status.counts.cleanedToday} cleaned today`];
  if (status.stateReason !== null) {
    lines.push(`Not cleaning: ${status.stateReason.message}`);
  }
  if (status.state === 'stopped') {
    lines.push('Stopping: the daemon finishes the files in progress, then exits');
  }
  if (status.paused) {
    lines.push(
      status.pausedUntil === null
        ? 'Paused until you run `metaclear resume`'
        : `Paused until ${formatLocalTime(status.pausedUntil, context.now)}`,
    );
  }
  if (status.counts.queued > 0) {
    lines.push(`${formatCount(status.counts.queued, 'file')} waiting or being cleaned`);
  }
  if (status.counts.attention > 0) {
    const verb = status.counts.attention === 1 ? 'needs' : 'need';
    lines.push(
      `${formatCount(status.counts.attention, 'file')} ${verb} attention; run ` +
        '`metaclear attention` to see why',
    );
  }

  // A daemon that cannot work watches nothing, and `folders add` would fail the same way.
  if (status.stateReason === null) {
    lines.push('');
    if (status.folders.length === 0) {
      lines.push('  No folders; add one with `metaclear folders add PATH`.');
    } else {
      lines.push(...formatFolderLines(status.folders, context));
    }
  }
  lines.push('', describeOriginals(status, context));
  return `${lines.join('\n')}\n`;
}

/** Says how many folders are watched: `Watching 2 folders`, or `Watching 1 of 2 folders`. */
function describeWatching(status: StatusResult): string {
  const total = status.folders.length;
  const watching = status.folders.filter((folder) => folder.state === 'watching').length;
  return watching === total
    ? `Watching ${formatCount(total, 'folder')}`
    : `Watching ${String(watching)} of ${formatCount(total, 'folder')}`;
}

function describeOriginals(status: StatusResult, context: DisplayContext): string {
  switch (status.originals) {
    case 'vault':
      return (
        `Originals are kept in ${formatHomePath(status.vault.path, context.home)} ` +
        `(${formatCount(status.vault.files, 'file')}, ${formatByteSize(status.vault.bytes)}).`
      );
    case 'trash':
      return 'Originals go to the trash, so `metaclear revert` cannot restore them.';
    case 'delete':
      return 'Originals are deleted, so `metaclear revert` cannot restore them.';
  }
}
