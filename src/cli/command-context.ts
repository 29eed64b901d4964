import type { CliIo } from './cli-io.js';

/** The streams, environment and working folder that a command runs against. */
export interface CommandContext {
  readonly io: CliIo;
  /** Read for `METACLEAR_HOME` and the XDG folders. */
  readonly env: NodeJS.ProcessEnv;
  /** The folder that relative paths in output are shown against. */
  readonly cwd: string;
}
