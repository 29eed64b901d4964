/** The pause lengths the tray offers. */
export type PauseChoice = 'indefinitely' | 'one-hour' | 'until-tomorrow';

/** The local hour at which "until tomorrow" ends. */
export const TOMORROW_RESUME_HOUR = 8;

/**
 * Returns when a pause of `choice` ends, as an ISO time, or null for a pause until resume.
 * "Until tomorrow" ends at 08:00 local time on the next calendar day, so a pause at 22:00
 * does not end at midnight.
 */
export function getPauseUntil(choice: PauseChoice, now: Date): string | null {
  if (choice === 'indefinitely') {
    return null;
  }
  if (choice === 'one-hour') {
    return new Date(now.getTime() + 3_600_000).toISOString();
  }
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(TOMORROW_RESUME_HOUR, 0, 0, 0);
  return tomorrow.toISOString();
}
