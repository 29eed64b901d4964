import { pluralize } from './format-bytes.js';
import { formatClockTime } from './format-time.js';
import type { TraySnapshot, ViewOptions } from './tray-snapshot.js';

/**
 * Writes the one-line summary at the top of the popup and the menu, such as
 * `Watching 2 folders · 134 cleaned today` or `Paused until 15:30`.
 */
export function describeStatus(snapshot: TraySnapshot, options: ViewOptions): string {
  const { status } = snapshot;
  if (status === null || snapshot.connection !== 'connected') {
    return snapshot.connection === 'connecting'
      ? 'Connecting to MetaClear…'
      : 'MetaClear is not running';
  }
  if (status.state === 'stopped') {
    return 'MetaClear is stopping';
  }
  if (status.stateReason !== null) {
    return status.stateReason.code === 'E_CONFIG_INVALID'
      ? 'Not cleaning: the config has an error'
      : `Not cleaning: ${status.stateReason.message}`;
  }
  const parts = [describeActivity(snapshot, options)];
  if (status.counts.cleanedToday > 0) {
    parts.push(`${status.counts.cleanedToday} cleaned today`);
  }
  if (status.counts.attention > 0) {
    parts.push(
      `${status.counts.attention} need${status.counts.attention === 1 ? 's' : ''} attention`,
    );
  }
  return parts.join(' · ');
}

function describeActivity(snapshot: TraySnapshot, options: ViewOptions): string {
  const status = snapshot.status;
  if (status === null) {
    return '';
  }
  if (status.paused) {
    return status.pausedUntil === null
      ? 'Paused'
      : `Paused until ${formatClockTime(status.pausedUntil, options)}`;
  }
  if (status.counts.queued > 0) {
    return `Cleaning ${pluralize(status.counts.queued, 'file')}`;
  }
  const total = status.folders.length;
  if (total === 0) {
    return 'No folders watched';
  }
  const watching = status.folders.filter((folder) => folder.state === 'watching').length;
  if (watching === total) {
    return `Watching ${pluralize(total, 'folder')}`;
  }
  if (watching === 0) {
    return total === 1 ? 'Folder paused or unavailable' : 'All folders paused or unavailable';
  }
  return `Watching ${watching} of ${total} folders`;
}
