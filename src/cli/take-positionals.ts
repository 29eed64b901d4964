import { createUsageError } from './create-usage-error.js';

/**
 * Checks the positionals of `metaclear <command>` against their names in order, where a name
 * ending in `?` is optional. Returns one entry per name, undefined for a missing optional one.
 *
 * @throws {AppError} `E_USAGE` for a missing required positional or an extra one.
 * @example takePositionals(['a'], ['FOLDER?'], 'pause'); // ['a']
 */
export function takePositionals(
  positionals: readonly string[],
  names: readonly string[],
  command: string,
): (string | undefined)[] {
  const extra = positionals[names.length];
  if (extra !== undefined) {
    const expected =
      names.length === 0 ? 'no arguments' : names.map((name) => name.replace('?', '')).join(' ');
    throw createUsageError(
      `unexpected argument \`${extra}\` for \`metaclear ${command}\`, which takes ${expected}; ` +
        `run \`metaclear ${command.split(' ')[0] ?? command} --help\` for its usage.`,
    );
  }
  const missing = names.findIndex(
    (name, index) => !name.endsWith('?') && index >= positionals.length,
  );
  if (missing !== -1) {
    throw createUsageError(
      `missing ${names[missing] ?? ''} for \`metaclear ${command}\`; run ` +
        `\`metaclear ${command.split(' ')[0] ?? command} --help\` for its usage.`,
    );
  }
  return names.map((_, index) => positionals[index]);
}
