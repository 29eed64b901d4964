import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

// The table below is MetaClear's own, so plain `os`/`path` logic builds it. env-paths would
// name the folders `metaclear-nodejs` and put macOS config under Preferences, which would move
// every user's config and history to another place.

/** Paths of MetaClear's config, state, socket, logs and default folders. */
export interface Locations {
  /** The user's home directory, which `~` in config paths means, also under `METACLEAR_HOME`. */
  readonly home: string;
  readonly configFile: string;
  /** The folder holding history, pause state and `agent.json`. Mode 0700. */
  readonly stateDir: string;
  readonly socketPath: string;
  readonly logDir: string;
  /** The default "To Clean" inbox. */
  readonly defaultInbox: string;
  /** The default output folder of the inbox, "Cleaned". */
  readonly defaultOutput: string;
  /** The default vault for originals, "Originals". Mode 0700. */
  readonly defaultVault: string;
}

/**
 * Maximum socket path length, in bytes, that is used as is. `sun_path` holds 104 bytes on macOS and 108 on Linux,
 * including the terminating NUL.
 */
export const MAX_SOCKET_PATH_BYTES = 100;

const SOCKET_NAME = 'metaclear.sock';

/**
 * Resolves every MetaClear location for a platform. `METACLEAR_HOME=H` puts everything under
 * `H`. On Linux, `$XDG_CONFIG_HOME`, `$XDG_STATE_HOME` and `$XDG_RUNTIME_DIR` count only when
 * they are absolute, as the XDG Base Directory spec requires. Creates nothing.
 *
 * @example
 * const locations = resolveLocations(process.env, 'linux', '/home/ada');
 * // locations.configFile === '/home/ada/.config/metaclear/config.json'
 */
export function resolveLocations(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  homeDir: string = os.homedir(),
): Locations {
  const home = path.resolve(homeDir);
  const metaclearHome = env.METACLEAR_HOME;
  if (metaclearHome !== undefined && metaclearHome !== '') {
    return resolveHomeOverride(home, path.resolve(metaclearHome));
  }
  const folders = getDefaultFolders(path.join(home, 'MetaClear'));
  if (platform === 'darwin') {
    const stateDir = path.join(home, 'Library', 'Application Support', 'MetaClear');
    return {
      home,
      configFile: path.join(stateDir, 'config.json'),
      stateDir,
      socketPath: fitSocketPath(path.join(stateDir, SOCKET_NAME), stateDir),
      logDir: path.join(home, 'Library', 'Logs', 'MetaClear'),
      ...folders,
    };
  }
  const configHome = getXdgDir(env.XDG_CONFIG_HOME) ?? path.join(home, '.config');
  const stateDir = path.join(
    getXdgDir(env.XDG_STATE_HOME) ?? path.join(home, '.local', 'state'),
    'metaclear',
  );
  const runtimeDir = getXdgDir(env.XDG_RUNTIME_DIR) ?? stateDir;
  return {
    home,
    configFile: path.join(configHome, 'metaclear', 'config.json'),
    stateDir,
    socketPath: fitSocketPath(path.join(runtimeDir, SOCKET_NAME), stateDir),
    logDir: path.join(stateDir, 'logs'),
    ...folders,
  };
}

function resolveHomeOverride(home: string, metaclearHome: string): Locations {
  const stateDir = path.join(metaclearHome, 'state');
  return {
    home,
    configFile: path.join(metaclearHome, 'config', 'config.json'),
    stateDir,
    socketPath: fitSocketPath(path.join(stateDir, SOCKET_NAME), stateDir),
    logDir: path.join(metaclearHome, 'logs'),
    ...getDefaultFolders(metaclearHome),
  };
}

function getDefaultFolders(
  root: string,
): Pick<Locations, 'defaultInbox' | 'defaultOutput' | 'defaultVault'> {
  return {
    defaultInbox: path.join(root, 'To Clean'),
    defaultOutput: path.join(root, 'Cleaned'),
    defaultVault: path.join(root, 'Originals'),
  };
}

function getXdgDir(value: string | undefined): string | undefined {
  return value !== undefined && path.isAbsolute(value) ? path.resolve(value) : undefined;
}

/**
 * Returns `socketPath` when it fits in `sun_path`, else a short path under the temp folder
 * named by a hash of the state dir, so each home still gets its own socket.
 */
function fitSocketPath(socketPath: string, stateDir: string): string {
  if (Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES) {
    return socketPath;
  }
  const digest = createHash('sha256').update(path.resolve(stateDir)).digest('hex');
  return path.join(getSocketFallbackDir(), `${digest.slice(0, 12)}.sock`);
}

/**
 * Returns the private folder for sockets whose usual path is too long:
 * `<os.tmpdir()>/metaclear-<uid>`. The listener must create it 0700 and check that
 * it is a directory owned by this user and not a link.
 */
export function getSocketFallbackDir(): string {
  const uid = process.getuid?.() ?? os.userInfo().uid;
  return path.join(os.tmpdir(), `metaclear-${uid}`);
}

/**
 * Expands a leading `~` or `~/` to `homeDir`. Any other path comes back unchanged, including
 * `~name/...`, which MetaClear does not resolve.
 */
export function expandHome(filePath: string, homeDir: string = os.homedir()): string {
  if (filePath === '~') {
    return homeDir;
  }
  if (filePath.startsWith('~/')) {
    return path.join(homeDir, filePath.slice(2));
  }
  return filePath;
}
