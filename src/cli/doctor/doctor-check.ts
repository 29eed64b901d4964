/** The outcome of one `metaclear doctor` check. */
export type DoctorLevel = 'pass' | 'warn' | 'fail';

/** One line of `metaclear doctor`: what was checked, how it went, and what to do. */
export interface DoctorCheck {
  /** Short subject, such as `config` or a folder path. */
  readonly subject: string;
  readonly level: DoctorLevel;
  /** The finding, and for `warn` and `fail` the fix. */
  readonly message: string;
}

/** Creates a check result. */
export function createCheck(subject: string, level: DoctorLevel, message: string): DoctorCheck {
  return { subject, level, message };
}
