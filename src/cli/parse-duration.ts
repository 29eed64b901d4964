import { createUsageError } from './create-usage-error.js';

const DAY_MS = 86_400_000;

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: DAY_MS,
};

/** One or more `<integer><unit>` parts, largest unit first by convention: `1h30m`. */
const DURATION_PATTERN = /^(?:\d+[smhd])+$/;
const PART_PATTERN = /(\d+)([smhd])/g;

/** The maximum pause `--for` accepts, 366 days, so that a typo such as `100000d` is caught. */
export const MAX_PAUSE_MS = 366 * DAY_MS;

/**
 * Parses a duration such as `30m`, `1h`, `1h30m`, `90s` or `2d` into milliseconds. `option`
 * names the flag in messages.
 *
 * @throws {AppError} `E_USAGE` for a value without a unit, an unknown unit, zero, or more
 *   than {@link MAX_PAUSE_MS}.
 * @example parseDuration('1h30m', '--for'); // 5_400_000
 */
export function parseDuration(value: string, option: string): number {
  const text = value.trim().toLowerCase();
  if (!DURATION_PATTERN.test(text)) {
    throw createUsageError(
      `invalid duration \`${value}\` for \`${option}\`; write a whole number with a unit ` +
        '(s, m, h or d), such as `30m`, `1h`, `1h30m` or `2d`.',
    );
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART_PATTERN)) {
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  }
  if (total === 0) {
    throw createUsageError(
      `duration \`${value}\` for \`${option}\` is zero; give a positive duration such as ` +
        '`30m`, or use `metaclear resume` to end a pause.',
    );
  }
  if (total > MAX_PAUSE_MS) {
    throw createUsageError(
      `duration \`${value}\` for \`${option}\` is longer than 366 days; leave out ` +
        '`--for` to pause until `metaclear resume`.',
    );
  }
  return total;
}
