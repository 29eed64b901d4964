import type { ViewOptions } from './tray-snapshot.js';

const DAY_MS = 86_400_000;

/**
 * Formats `iso` as a clock time relative to `options.now`: `15:30` today, `tomorrow 08:00`,
 * `Sat 08:00` within a week, and `12 Mar 08:00` after that.
 */
export function formatClockTime(iso: string, options: ViewOptions): string {
  const time = new Date(iso);
  const clock = new Intl.DateTimeFormat(options.locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  }).format(time);
  const days = countCalendarDays(options.now, time, options.timeZone);
  if (days === 0) {
    return clock;
  }
  if (days === 1) {
    return `tomorrow ${clock}`;
  }
  const dateOptions: Intl.DateTimeFormatOptions =
    days > 1 && days < 7 ? { weekday: 'short' } : { day: 'numeric', month: 'short' };
  const date = new Intl.DateTimeFormat(options.locale, {
    ...dateOptions,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  }).format(time);
  return `${date} ${clock}`;
}

/**
 * Formats how long ago `iso` was: `just now`, `5 min ago`, `3 h ago`, else the date and time.
 */
export function formatAgo(iso: string, options: ViewOptions): string {
  const elapsedMs = options.now.getTime() - new Date(iso).getTime();
  if (elapsedMs < 60_000) {
    return 'just now';
  }
  if (elapsedMs < 3_600_000) {
    return `${Math.floor(elapsedMs / 60_000)} min ago`;
  }
  if (elapsedMs < 12 * 3_600_000) {
    return `${Math.floor(elapsedMs / 3_600_000)} h ago`;
  }
  const date = new Intl.DateTimeFormat(options.locale, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  }).format(new Date(iso));
  return date;
}

/** Counts the calendar days from `from` to `to` in `timeZone`: 0 on the same day. */
function countCalendarDays(from: Date, to: Date, timeZone: string | undefined): number {
  return Math.round((toCalendarDay(to, timeZone) - toCalendarDay(from, timeZone)) / DAY_MS);
}

/** Returns the UTC midnight of the calendar day that `time` falls on in `timeZone`. */
function toCalendarDay(time: Date, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((entry) => entry.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'));
}
