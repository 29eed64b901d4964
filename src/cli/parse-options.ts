import { parseArgs } from 'node:util';
import { createUsageError } from './create-usage-error.js';

/** One option a command accepts. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One-letter alias, such as `h` for `-h`. */
  readonly short?: string;
  /** Placeholder for the value in messages, such as `DIR`. Used by string options only. */
  readonly valueName?: string;
  /**
   * True for a boolean option that also takes `=true` or `=false`, such as
   * `--keep-orientation=false`. Other booleans reject a value.
   */
  readonly acceptsBooleanValue?: boolean;
}

/** Option values by long name, and the positionals in order. */
export interface ParsedOptions {
  readonly values: ReadonlyMap<string, string | boolean>;
  readonly positionals: readonly string[];
}

type OptionToken = Extract<
  NonNullable<ReturnType<typeof parseArgs>['tokens']>[number],
  { kind: 'option' }
>;

/**
 * Parses the arguments after a command name with `node:util` `parseArgs` and checks every
 * option itself, so each message names the command and states how to fix the argument.
 * Everything after `--` is a positional, and so is `-` on its own.
 *
 * @throws {AppError} `E_USAGE` for an unknown option, a missing or invalid value, a string
 *   option given twice, or an empty positional.
 */
export function parseOptions(
  args: readonly string[],
  specs: Readonly<Record<string, OptionSpec>>,
  commandName: string,
): ParsedOptions {
  const { tokens } = parseArgs({
    args: [...args],
    options: toParseArgsOptions(specs),
    allowPositionals: true,
    // Non-strict mode returns unknown options and odd values as tokens instead of throwing a
    // generic message, so the checks below can name the command and the fix.
    strict: false,
    tokens: true,
  });
  const values = new Map<string, string | boolean>();
  const positionals: string[] = [];

  for (const token of tokens) {
    if (token.kind === 'positional') {
      // path.resolve('') is the working directory, so an empty PATH (an unset shell variable)
      // would clean everything there.
      if (token.value === '') {
        throw createUsageError(
          `empty PATH for \`metaclear ${commandName}\`; check the variable that should hold it.`,
        );
      }
      positionals.push(token.value);
    } else if (token.kind === 'option') {
      const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
      if (spec === undefined) {
        throw createUsageError(
          `unknown option \`${token.rawName}\` for \`metaclear ${commandName}\`. ` +
            `Run \`metaclear ${commandName} --help\` to list its options; ` +
            'put `--` before paths that start with `-`.',
        );
      }
      values.set(token.name, readOptionValue(token, spec, values.has(token.name)));
    }
  }
  return { values, positionals };
}

function toParseArgsOptions(
  specs: Readonly<Record<string, OptionSpec>>,
): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] =
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  return options;
}

function readOptionValue(
  token: OptionToken,
  spec: OptionSpec,
  isRepeated: boolean,
): string | boolean {
  const option = `--${token.name}`;
  if (spec.type === 'boolean') {
    return readBooleanValue(token, spec, option);
  }

  const example = `\`${option} ${spec.valueName ?? 'VALUE'}\``;
  if (token.value === undefined || token.value === '') {
    throw createUsageError(`missing value for \`${option}\`; write it as ${example}.`);
  }
  if (!token.inlineValue && token.value.startsWith('-')) {
    throw createUsageError(
      `missing value for \`${option}\`, because the next argument \`${token.value}\` ` +
        `looks like an option. Write ${example}, or \`${option}=${token.value}\` if that ` +
        'is the value.',
    );
  }
  if (isRepeated) {
    throw createUsageError(`\`${option}\` is given more than once; give it once.`);
  }
  return token.value;
}

function readBooleanValue(token: OptionToken, spec: OptionSpec, option: string): boolean {
  if (token.value === undefined) {
    return true;
  }
  if (spec.acceptsBooleanValue === true && (token.value === 'true' || token.value === 'false')) {
    return token.value === 'true';
  }
  if (spec.acceptsBooleanValue === true) {
    throw createUsageError(
      `invalid value \`${token.value}\` for \`${option}\`; write \`${option}=true\` or ` +
        `\`${option}=false\`.`,
    );
  }
  throw createUsageError(
    `\`${token.rawName}\` takes no value, but got \`${token.value}\`; write \`${option}\` alone.`,
  );
}
