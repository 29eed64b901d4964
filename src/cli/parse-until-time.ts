import { createUsageError } from './create-usage-error.js';
import { MAX_PAUSE_MS } from './parse-duration.js';

/** `15:30`, `9:05` or `15:30:45`: a local clock time. */
const CLOCK_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** `2026-12-04T15:30`, with optional seconds, fraction and `Z` or `±HH:MM`; a space may replace `T`. */
const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const FORMATS_HINT =
  'write a local time such as `15:30`, or an ISO 8601 date and time such as ' +
  '`2026-12-24T09:00` or `2026-12-24T09:00+01:00`';

/**
 * Parses the end of a pause. A clock time (`15:30`) is its next occurrence in local time:
 * today when still ahead of `now`, else tomorrow. An ISO 8601 date and time without an offset
 * is local time. `option` names the flag in messages.
 *
 * @throws {AppError} `E_USAGE` for a value in neither form, an impossible date or time, a time
 *   not after `now`, or one more than 366 days ahead.
 * @example parseUntilTime('15:30', '--until', new Date());
 */
export function parseUntilTime(value: string, option: string, now: Date): Date {
  const text = value.trim();
  const clock = CLOCK_PATTERN.exec(text);
  const until =
    clock === null
      ? parseDateTime(text, value, option)
      : getNextClockTime(clock, value, option, now);
  if (until.getTime() <= now.getTime()) {
    throw createUsageError(
      `time \`${value}\` for \`${option}\` is in the past; give a later time, or ` +
        '`--for DURATION` such as `--for 1h`.',
    );
  }
  if (until.getTime() - now.getTime() > MAX_PAUSE_MS) {
    throw createUsageError(
      `time \`${value}\` for \`${option}\` is more than 366 days ahead; leave out ` +
        '`--until` to pause until `metaclear resume`.',
    );
  }
  return until;
}

function getNextClockTime(clock: RegExpExecArray, value: string, option: string, now: Date): Date {
  const hours = Number(clock[1]);
  const minutes = Number(clock[2]);
  const seconds = Number(clock[3] ?? '0');
  if (hours > 23 || minutes > 59 || seconds > 59) {
    throw createUsageError(
      `invalid time \`${value}\` for \`${option}\`; use the 24-hour clock from 00:00 to ` +
        '23:59, such as `15:30`.',
    );
  }
  const today = new Date(now);
  today.setHours(hours, minutes, seconds, 0);
  if (today.getTime() > now.getTime()) {
    return today;
  }
  // setDate and setHours keep the local clock time across a daylight saving change.
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(hours, minutes, seconds, 0);
  return tomorrow;
}

function parseDateTime(text: string, value: string, option: string): Date {
  const match = DATE_TIME_PATTERN.exec(text);
  if (match === null) {
    throw createUsageError(`invalid time \`${value}\` for \`${option}\`; ${FORMATS_HINT}.`);
  }
  const [, year, month, day, hours, minutes, seconds = '00', fraction = '0', offset] = match;
  if (!isValidDateTime(Number(year), Number(month), Number(day), hours, minutes, seconds)) {
    throw createUsageError(
      `invalid date or time \`${value}\` for \`${option}\`: no such day or time of day; ` +
        `${FORMATS_HINT}.`,
    );
  }
  const fields = [
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
    Math.floor(Number(`0.${fraction}`) * 1000),
  ] as const;
  if (offset === undefined) {
    return new Date(...fields);
  }
  return new Date(Date.UTC(...fields) - getOffsetMinutes(offset) * 60_000);
}

/** Returns the minutes east of UTC of `Z`, `+01:00` or `-0530`. */
function getOffsetMinutes(offset: string): number {
  if (offset.toUpperCase() === 'Z') {
    return 0;
  }
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return offset.startsWith('-') ? -minutes : minutes;
}

function isValidDateTime(
  year: number,
  month: number,
  day: number,
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string,
): boolean {
  // Date.UTC rolls 31 April over to 1 May, so a changed day means the date does not exist.
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    Number(hours) <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 59
  );
}
