/** The commands that talk to the daemon over its control socket, in the order help lists them. */
export const CONTROL_COMMAND_NAMES = [
  'status',
  'pause',
  'resume',
  'folders',
  'recent',
  'attention',
  'revert',
] as const;

/** One command that talks to the daemon. */
export type ControlCommandName = (typeof CONTROL_COMMAND_NAMES)[number];

/** The `folders add` choice for the files already in the folder: clean them or skip them. */
export type ExistingFiles = 'clean' | 'skip';

/**
 * A parsed command for the daemon. Paths are as typed; the runner makes them absolute against
 * the working folder, because the daemon runs elsewhere.
 */
export type ControlCommand =
  | { readonly kind: 'status'; readonly json: boolean }
  | {
      readonly kind: 'pause';
      /** The watched folder to pause, or null for everything. */
      readonly folder: string | null;
      /** When the pause ends by itself, or null to pause until `metaclear resume`. */
      readonly until: Date | null;
      readonly json: boolean;
    }
  | { readonly kind: 'resume'; readonly folder: string | null; readonly json: boolean }
  | { readonly kind: 'folders.list'; readonly json: boolean }
  | {
      readonly kind: 'folders.add';
      /** The folder to watch, or null with `--screenshots`. */
      readonly path: string | null;
      readonly mode: 'in-place' | 'output';
      /** The folder for cleaned copies; set exactly when `mode` is `output`. */
      readonly output: string | null;
      /** null leaves the daemon's default for the mode. */
      readonly existing: ExistingFiles | null;
      readonly screenshots: boolean;
      readonly json: boolean;
    }
  | { readonly kind: 'folders.remove'; readonly path: string; readonly json: boolean }
  | {
      readonly kind: 'recent';
      /** The number of jobs to list, or null for the daemon's default. */
      readonly limit: number | null;
      readonly json: boolean;
    }
  | { readonly kind: 'attention.list'; readonly json: boolean }
  | { readonly kind: 'attention.retry'; readonly id: string; readonly json: boolean }
  | { readonly kind: 'attention.dismiss'; readonly id: string; readonly json: boolean }
  | { readonly kind: 'revert'; readonly jobId: string; readonly json: boolean };

/** Returns true when `value` names a command that talks to the daemon. */
export function isControlCommandName(value: string): value is ControlCommandName {
  return (CONTROL_COMMAND_NAMES as readonly string[]).includes(value);
}
