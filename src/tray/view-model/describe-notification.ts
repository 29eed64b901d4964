import type { Kind } from '../../shared/kinds.js';
import { getFileName } from './file-name.js';
import { pluralize } from './format-bytes.js';
import { describeKinds } from './kind-words.js';

/** The jobs that ended during one notification window. */
export interface NotificationBatch {
  /** Inputs of the files cleaned, in order. */
  readonly cleaned: readonly string[];
  /** Every kind removed from any of them. */
  readonly removed: readonly Kind[];
  /** Inputs of the files that went to "needs attention". */
  readonly attention: readonly string[];
}

/** The title and body of one desktop notification. */
export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

/**
 * Writes the notifications for a batch: one for cleaned files and one for files that need
 * attention, so a burst of 200 screenshots makes two notifications, not 200.
 */
export function describeNotifications(batch: NotificationBatch): NotificationText[] {
  const notifications: NotificationText[] = [];
  if (batch.cleaned.length > 0) {
    const kinds = describeKinds(batch.removed);
    notifications.push({
      title: `Cleaned ${pluralize(batch.cleaned.length, 'file')}`,
      body: [describeNames(batch.cleaned), kinds === '' ? '' : `Removed ${kinds}.`]
        .filter((part) => part !== '')
        .join(' '),
    });
  }
  if (batch.attention.length > 0) {
    notifications.push({
      title: `${pluralize(batch.attention.length, 'file')} need${batch.attention.length === 1 ? 's' : ''} attention`,
      body: `${describeNames(batch.attention)} Open MetaClear to see why.`,
    });
  }
  return notifications;
}

function describeNames(paths: readonly string[]): string {
  const first = getFileName(paths[0] ?? '');
  return paths.length === 1 ? `${first}.` : `${first} and ${pluralize(paths.length - 1, 'other')}.`;
}
