import { describe, expect, it } from 'vitest';
import { MAX_PAUSE_MS, parseDuration } from '../../src/cli/parse-duration.js';
import { isAppError, type AppError } from '../../src/shared/errors.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * MINUTE],
    ['1h', HOUR],
    ['90s', 90 * SECOND],
    ['2d', 2 * DAY],
    ['1h30m', HOUR + 30 * MINUTE],
    ['1d2h3m4s', DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND],
    ['1H', HOUR],
    [' 45m ', 45 * MINUTE],
    ['0h5m', 5 * MINUTE],
    ['366d', MAX_PAUSE_MS],
  ])('parses %j', (value, expected) => {
    expect(parseDuration(value, '--for')).toBe(expected);
  });

  it.each([
    [''],
    ['1'],
    ['h'],
    ['1x'],
    ['1.5h'],
    ['-1h'],
    ['1 h'],
    ['1h 30m'],
    ['1hour'],
    ['0m'],
    ['0h0s'],
    ['367d'],
    ['9000h'],
  ])('rejects %j', (value) => {
    let caught: unknown;
    try {
      parseDuration(value, '--for');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught)).toBe(true);
    expect((caught as AppError).code).toBe('E_USAGE');
    expect((caught as Error).message).toContain(`\`${value}\``);
    expect((caught as Error).message).toContain('`--for`');
  });
});
