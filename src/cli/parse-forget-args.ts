import { createUsageError } from './create-usage-error.js';
import { parseOptions } from './parse-options.js';

/** The arguments of `metaclear forget`. */
export interface ForgetArgs {
  /** History rows and log files older than this instant are removed. */
  readonly before: Date;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses `metaclear forget --before DATE`.
 *
 * @throws AppError `E_USAGE` when `--before` is missing or not a valid date.
 */
export function parseForgetArgs(args: readonly string[]): ForgetArgs {
  const { values, positionals } = parseOptions(
    args,
    { before: { type: 'string', valueName: 'DATE' } },
    'forget',
  );
  if (positionals.length > 0) {
    throw createUsageError(
      `\`metaclear forget\` takes no PATH, but got \`${positionals[0] ?? ''}\`; write \`--before DATE\`.`,
    );
  }
  const before = values.get('before');
  if (typeof before !== 'string') {
    throw createUsageError(
      'missing `--before DATE`: write a date such as `--before 2026-01-31` (local midnight).',
    );
  }
  return { before: parseDate(before) };
}

/**
 * Parses `YYYY-MM-DD` as local midnight, or an ISO-8601 date and time with `Z` or an offset.
 *
 * @throws AppError `E_USAGE` for any other text or a day that does not exist.
 */
export function parseDate(text: string): Date {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly !== null) {
    const [year, month, day] = dateOnly.slice(1).map(Number) as [number, number, number];
    const date = new Date(year, month - 1, day);
    if (date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day) {
      return date;
    }
  } else if (DATE_TIME.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) {
      return date;
    }
  }
  throw createUsageError(
    `invalid date \`${text}\` for \`--before\`; write YYYY-MM-DD, such as 2026-01-31, or an ISO-8601 time such as 2026-01-31T12:00:00Z.`,
  );
}
