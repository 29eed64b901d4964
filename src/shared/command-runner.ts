import { execFile } from 'node:child_process';

/** How one external command ended. */
export interface CommandResult {
  /** The exit status; 127 when the program was not found, 128 + n after signal n. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs an external program with arguments, never through a shell. The CLI passes every
 * `launchctl`, `systemctl` and `defaults` call through one, so tests record the calls instead
 * of running them.
 */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

/** The largest output kept from one command, in bytes. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Exit status a shell reports for a program it cannot find. */
const EXIT_NOT_FOUND = 127;

/**
 * Runs commands with `execFile`. A command that cannot start (not installed) resolves with
 * exit status 127 and the reason on stderr rather than rejecting, so callers handle every
 * outcome in one place.
 */
export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
      (error, stdout, stderr) => {
        resolve({ exitCode: getExitCode(error), stdout, stderr: stderr || (error?.message ?? '') });
      },
    );
  });

function getExitCode(error: (Error & { code?: unknown; signal?: unknown }) | null): number {
  if (error === null) {
    return 0;
  }
  if (typeof error.code === 'number') {
    return error.code;
  }
  if (error.code === 'ENOENT') {
    return EXIT_NOT_FOUND;
  }
  return 128;
}
