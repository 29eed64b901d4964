import { describe, expect, it } from 'vitest';
import { formatAgo, formatClockTime, getPauseUntil } from '../../../src/tray/view-model/index.js';

const NOW = new Date('2026-12-04T15:00:00Z');
const UTC = { now: NOW, locale: 'en-GB', timeZone: 'UTC' };

describe('formatClockTime', () => {
  it.each<[string, string, string | undefined, string]>([
    ['later today', '2026-12-04T15:30:00Z', 'UTC', '15:30'],
    ['tomorrow', '2026-12-05T08:00:00Z', 'UTC', 'tomorrow 08:00'],
    ['within a week', '2026-12-07T08:00:00Z', 'UTC', 'Mon 08:00'],
    ['after a week', '2026-12-20T08:00:00Z', 'UTC', '20 Dec 08:00'],
    // 23:30 UTC is already the next day in Berlin (UTC+1 in December).
    ['next day in the time zone', '2026-12-04T23:30:00Z', 'Europe/Berlin', 'tomorrow 00:30'],
  ])('%s', (_name, iso, timeZone, expected) => {
    expect(
      formatClockTime(iso, { now: NOW, locale: 'en-GB', ...(timeZone ? { timeZone } : {}) }),
    ).toBe(expected);
  });
});

describe('formatAgo', () => {
  it.each<[string, string]>([
    ['2026-12-04T14:59:30Z', 'just now'],
    ['2026-12-04T14:55:00Z', '5 min ago'],
    ['2026-12-04T12:00:00Z', '3 h ago'],
    ['2026-12-01T09:05:00Z', '1 Dec, 09:05'],
  ])('%s reads %j', (iso, expected) => {
    expect(formatAgo(iso, UTC)).toBe(expected);
  });
});

describe('getPauseUntil', () => {
  it('returns null for a pause until resume', () => {
    expect(getPauseUntil('indefinitely', NOW)).toBeNull();
  });

  it('adds one hour', () => {
    expect(getPauseUntil('one-hour', NOW)).toBe('2026-12-04T16:00:00.000Z');
  });

  it('ends tomorrow at 08:00 local time', () => {
    const until = new Date(getPauseUntil('until-tomorrow', NOW) ?? '');
    expect(until.getHours()).toBe(8);
    expect(until.getMinutes()).toBe(0);
    expect(until.getDate()).toBe(new Date(NOW.getTime() + 86_400_000).getDate());
    expect(until.getTime()).toBeGreaterThan(NOW.getTime());
  });
});
