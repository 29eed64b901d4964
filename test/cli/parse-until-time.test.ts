import { describe, expect, it } from 'vitest';
import { parseUntilTime } from '../../src/cli/parse-until-time.js';
import { isAppError } from '../../src/shared/errors.js';

/** 2026-12-04 14:00:00 local time, whatever the time zone of the test machine. */
const NOW = new Date(2026, 11, 4, 14, 0, 0);

function getUsageMessage(value: string, now = NOW): string {
  try {
    parseUntilTime(value, '--until', now);
  } catch (error) {
    if (isAppError(error) && error.code === 'E_USAGE') {
      return error.message;
    }
    throw error;
  }
  throw new Error(`parseUntilTime accepted ${value}`);
}

describe('parseUntilTime', () => {
  it.each([
    ['15:30', new Date(2026, 11, 4, 15, 30)],
    ['9:05', new Date(2026, 11, 5, 9, 5)],
    ['14:00', new Date(2026, 11, 5, 14, 0)],
    ['14:00:01', new Date(2026, 11, 4, 14, 0, 1)],
    ['00:00', new Date(2026, 11, 5, 0, 0)],
    ['23:59', new Date(2026, 11, 4, 23, 59)],
    ['2026-12-24T09:00', new Date(2026, 11, 24, 9, 0)],
    ['2026-12-24 09:00', new Date(2026, 11, 24, 9, 0)],
    ['2026-12-24T09:00:30', new Date(2026, 11, 24, 9, 0, 30)],
    ['2026-12-24T09:00:30.250', new Date(2026, 11, 24, 9, 0, 30, 250)],
  ])('parses local %j', (value, expected) => {
    expect(parseUntilTime(value, '--until', NOW)).toEqual(expected);
  });

  it.each([
    ['2030-01-01T00:00Z', '2030-01-01T00:00:00.000Z'],
    ['2030-01-01T00:00:00z', '2030-01-01T00:00:00.000Z'],
    ['2030-01-01T09:00+01:00', '2030-01-01T08:00:00.000Z'],
    ['2030-01-01T09:00-0530', '2030-01-01T14:30:00.000Z'],
    ['2030-01-01T09:00:00.5+00:00', '2030-01-01T09:00:00.500Z'],
  ])('parses %j with its offset', (value, expected) => {
    const now = new Date('2029-06-01T00:00:00Z');
    expect(parseUntilTime(value, '--until', now).toISOString()).toBe(expected);
  });

  it('moves a clock time past midnight to the next day', () => {
    const lateEvening = new Date(2026, 11, 31, 23, 30);

    expect(parseUntilTime('00:15', '--until', lateEvening)).toEqual(new Date(2027, 0, 1, 0, 15));
  });

  it('keeps the clock time across a daylight saving change', () => {
    const previousTz = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      // Berlin moves its clocks from 02:00 to 03:00 on 2026-03-29, so that day has 23 hours.
      const now = new Date('2026-03-28T12:00:00+01:00');
      const until = parseUntilTime('11:00', '--until', now);

      expect(until.toISOString()).toBe('2026-03-29T09:00:00.000Z');
      expect(until.getTime() - now.getTime()).toBe(22 * 3_600_000);
    } finally {
      if (previousTz === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = previousTz;
      }
    }
  });

  it.each([
    ['3pm', 'invalid time'],
    ['15.30', 'invalid time'],
    ['15', 'invalid time'],
    ['', 'invalid time'],
    ['tomorrow', 'invalid time'],
    ['24:00', 'invalid time'],
    ['12:60', 'invalid time'],
    ['2026-12-24', 'invalid time'],
    ['2026-02-30T10:00', 'no such day'],
    ['2026-13-01T10:00', 'no such day'],
    ['2026-12-24T25:00', 'no such day'],
    ['2026-12-04T13:59', 'in the past'],
    ['2026-12-04T14:00', 'in the past'],
    ['2020-01-01T00:00Z', 'in the past'],
    ['2028-12-24T09:00', 'more than 366 days'],
  ])('rejects %j', (value, expected) => {
    const message = getUsageMessage(value);

    expect(message).toContain(expected);
    expect(message).toContain(`\`${value}\``);
    expect(message).toContain('`--until`');
  });
});
