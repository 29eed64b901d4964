import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, type CommandRunner } from '../../shared/command-runner.js';
import { resolveLocations, type Locations } from '../../shared/paths.js';

/** The machine that `metaclear agent`, `doctor` and `uninstall` act on; tests pass their own. */
export interface AgentContext {
  readonly platform: NodeJS.Platform;
  /** The real home folder (`~`), which contains `~/Library/LaunchAgents`. */
  readonly homeDir: string;
  /** Read for `METACLEAR_HOME` and the XDG folders. */
  readonly env: NodeJS.ProcessEnv;
  /** The user id, for launchd's `gui/<uid>` domain. */
  readonly uid: number;
  /** Absolute path of the node binary the agent runs: `process.execPath` by default. */
  readonly node: string;
  /** Absolute path of MetaClear's package root, holding `bin/`, `launchd/` and `systemd/`. */
  readonly packageRoot: string;
  /** Runs `launchctl`, `systemctl` and `defaults`. */
  readonly runner: CommandRunner;
  readonly locations: Locations;
}

/** The package root, three levels above this module in `src/cli/agent/` and `dist/cli/agent/`. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Creates the context of this process: its platform, node binary and package, the home from
 * `env.HOME` when it is absolute (so tests can move it) and the real command runner.
 */
export function createAgentContext(
  env: NodeJS.ProcessEnv,
  overrides: Partial<AgentContext> = {},
): AgentContext {
  const platform = overrides.platform ?? process.platform;
  const homeDir =
    overrides.homeDir ??
    (env.HOME !== undefined && path.isAbsolute(env.HOME) ? env.HOME : os.homedir());
  return {
    platform,
    homeDir,
    env,
    uid: overrides.uid ?? process.getuid?.() ?? os.userInfo().uid,
    node: overrides.node ?? process.execPath,
    packageRoot: overrides.packageRoot ?? path.resolve(PACKAGE_ROOT),
    runner: overrides.runner ?? runCommand,
    locations: overrides.locations ?? resolveLocations(env, platform, homeDir),
  };
}
