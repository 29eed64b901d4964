import { build, parse, type PlistValue } from 'plist';
import { fillPlaceholders } from './fill-placeholders.js';

/** The values that fill the LaunchAgent template. All paths are absolute. */
export interface LaunchAgentValues {
  readonly label: string;
  readonly sandboxProfile: string;
  /** The daemon's socket, the only path the sandbox lets it bind and accept on. */
  readonly socketPath: string;
  readonly node: string;
  readonly entryScript: string;
  /** Folder of the agent's stdout and stderr files. */
  readonly logDir: string;
  /** Extra environment of the daemon, such as `METACLEAR_HOME`. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * Renders the LaunchAgent plist from the template in `launchd/`: parses it with the plist
 * package, fills in the `@NAME@` placeholders in its strings and builds the XML again, so a
 * path with `&` or `<` comes out escaped.
 *
 * @throws Error when the template is not a plist dict or uses an unknown placeholder.
 */
export function renderLaunchAgent(template: string, values: LaunchAgentValues): string {
  const parsed = parse(template);
  if (!isDict(parsed)) {
    throw new Error('The LaunchAgent template is not a plist dict.');
  }
  const filled = fillPlaceholders(parsed, {
    LABEL: values.label,
    SANDBOX_PROFILE: values.sandboxProfile,
    SOCKET_PATH: values.socketPath,
    NODE: values.node,
    ENTRY_SCRIPT: values.entryScript,
    LOG_DIR: values.logDir,
  });
  if (Object.keys(values.environment).length > 0) {
    filled.EnvironmentVariables = { ...values.environment };
  }
  return build(filled);
}

function isDict(value: PlistValue): value is { [key: string]: PlistValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}
