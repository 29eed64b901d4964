import type { AttentionItem } from '../shared/protocol/index.js';
import type { DisplayContext } from './display-context.js';
import { formatHomePath } from './format-home-path.js';
import { formatLocalTime } from './format-local-time.js';
import { removePathPrefix } from './remove-path-prefix.js';

/**
 * Formats the "needs attention" list, two lines per file: its path and why, then since when
 * and the ID that `attention retry` and `attention dismiss` take.
 */
export function formatAttentionItems(
  items: readonly AttentionItem[],
  context: DisplayContext,
): string {
  if (items.length === 0) {
    return 'Nothing needs attention.\n';
  }
  const lines: string[] = [];
  for (const item of items) {
    const reason = removePathPrefix(item.reason, item.path);
    lines.push(`${formatHomePath(item.path, context.home)}: ${reason} (${item.code})`);
    const retry = item.retryable ? '' : ' · the file has changed or moved, so it cannot be retried';
    lines.push(`  since ${formatLocalTime(item.since, context.now)} · id ${item.id}${retry}`);
  }
  lines.push(
    '',
    'Run `metaclear attention retry ID` to try a file again (after fixing it), or',
    '`metaclear attention dismiss ID` to remove it from this list.',
  );
  return `${lines.join('\n')}\n`;
}
