import { describe, expect, it } from 'vitest';
import { formatLocalTime } from '../../src/cli/format-local-time.js';

/** Friday 2026-12-04 14:00 local time. */
const NOW = new Date(2026, 11, 4, 14, 0);

describe('formatLocalTime', () => {
  it.each([
    [new Date(2026, 11, 4, 15, 30), '15:30'],
    [new Date(2026, 11, 4, 0, 5), '00:05'],
    [new Date(2026, 11, 5, 9, 0), 'tomorrow 09:00'],
    [new Date(2026, 11, 3, 18, 10), 'yesterday 18:10'],
    [new Date(2026, 11, 6, 9, 0), 'Sun 09:00'],
    [new Date(2026, 11, 10, 23, 59), 'Thu 23:59'],
    [new Date(2026, 10, 30, 8, 0), 'Mon 08:00'],
    [new Date(2026, 11, 11, 9, 0), '2026-12-11 09:00'],
    [new Date(2027, 0, 1, 0, 0), '2027-01-01 00:00'],
  ])('formats %s as %j', (time, expected) => {
    expect(formatLocalTime(time, NOW)).toBe(expected);
    expect(formatLocalTime(time.toISOString(), NOW)).toBe(expected);
  });

  it('returns an unreadable time as given', () => {
    expect(formatLocalTime('soon', NOW)).toBe('soon');
  });
});
