const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const DAY_MS = 86_400_000;

/**
 * Formats an ISO 8601 time as a short local time relative to `now`: `15:30` on the same day,
 * `tomorrow 09:00`, `yesterday 18:10`, a weekday within a week (`Sat 15:30`), else the date
 * (`2026-12-24 09:00`). English and 24-hour, like the rest of the CLI's output.
 */
export function formatLocalTime(time: string | Date, now: Date): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) {
    return String(time);
  }
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const days = countCalendarDays(now, date);
  if (days === 0) {
    return clock;
  }
  if (days === 1) {
    return `tomorrow ${clock}`;
  }
  if (days === -1) {
    return `yesterday ${clock}`;
  }
  if (Math.abs(days) < 7) {
    return `${WEEKDAYS[date.getDay()] ?? ''} ${clock}`;
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clock}`;
}

/** Counts local calendar days from `from` to `to`; a daylight saving change does not count. */
function countCalendarDays(from: Date, to: Date): number {
  const start = Date.UTC(from.getFullYear(), from.getMonth(), from.getDate());
  const end = Date.UTC(to.getFullYear(), to.getMonth(), to.getDate());
  return Math.round((end - start) / DAY_MS);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
