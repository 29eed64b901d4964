import { AppError } from '../../shared/errors.js';
import { replacePlaceholders } from './fill-placeholders.js';

/** The values that fill the systemd unit template. All paths are absolute. */
export interface SystemdUnitValues {
  readonly node: string;
  readonly entryScript: string;
  /** Extra environment of the daemon, such as `METACLEAR_HOME`. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * Renders the systemd user unit from the template in `systemd/`. `@NODE@` and `@ENTRY_SCRIPT@`
 * become quoted `ExecStart=` words, and a line `@ENVIRONMENT@` becomes one `Environment=` line
 * per variable, or goes away when there are none. Comment lines are copied as they are.
 *
 * @throws AppError `E_AGENT_FAILED` when a value contains a line break or a NUL, which a
 *   unit file cannot carry on one line.
 */
export function renderSystemdUnit(template: string, values: SystemdUnitValues): string {
  const lines: string[] = [];
  for (const line of template.split('\n')) {
    if (line.startsWith('#')) {
      lines.push(line);
      continue;
    }
    if (line.trim() === '@ENVIRONMENT@') {
      for (const [name, value] of Object.entries(values.environment)) {
        lines.push(`Environment=${quoteEnvironmentAssignment(`${name}=${value}`)}`);
      }
      continue;
    }
    lines.push(
      replacePlaceholders(line, {
        NODE: quoteExecArgument(values.node),
        ENTRY_SCRIPT: quoteExecArgument(values.entryScript),
      }),
    );
  }
  return lines.join('\n');
}

/**
 * Quotes one word of an `ExecStart=` command line: backslashes and double quotes are escaped
 * inside double quotes, `%` becomes `%%` (no specifier) and `$` becomes `$$` (no variable).
 */
export function quoteExecArgument(value: string): string {
  return quoteUnitWord(value).replace(/\$/g, '$$$$');
}

/** Quotes `NAME=value` for `Environment=`, where `$` has no special meaning. */
function quoteEnvironmentAssignment(assignment: string): string {
  return quoteUnitWord(assignment);
}

function quoteUnitWord(value: string): string {
  if (/[\n\r\0]/.test(value)) {
    throw new AppError(
      'E_AGENT_FAILED',
      `\`${JSON.stringify(value)}\` cannot go into a systemd unit: it contains a line break or NUL; move MetaClear to a path without one.`,
    );
  }
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%');
  return `"${escaped}"`;
}
