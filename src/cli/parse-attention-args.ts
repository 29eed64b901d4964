import type { ControlCommand } from './control-command.js';
import { createUsageError } from './create-usage-error.js';
import { parseOptions } from './parse-options.js';
import { takePositionals } from './take-positionals.js';

/**
 * Parses the arguments after `metaclear attention`: `list` (also with no subcommand),
 * `retry ID` or `dismiss ID`.
 *
 * @throws {AppError} `E_USAGE` for an unknown subcommand, a bad option, or a missing ID.
 */
export function parseAttentionArgs(args: readonly string[]): ControlCommand {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand.startsWith('-')) {
    return parseListArgs(args);
  }
  switch (subcommand) {
    case 'list':
      return parseListArgs(rest);
    case 'retry':
      return { kind: 'attention.retry', ...parseIdArgs(rest, subcommand) };
    case 'dismiss':
      return { kind: 'attention.dismiss', ...parseIdArgs(rest, subcommand) };
    default:
      throw createUsageError(
        `unknown subcommand \`${subcommand}\` for \`metaclear attention\`; use \`list\`, ` +
          '`retry ID` or `dismiss ID`, with an ID that `metaclear attention` lists.',
      );
  }
}

function parseListArgs(args: readonly string[]): ControlCommand {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, 'attention');
  takePositionals(positionals, [], 'attention list');
  return { kind: 'attention.list', json: values.get('json') === true };
}

function parseIdArgs(
  args: readonly string[],
  subcommand: string,
): { readonly id: string; readonly json: boolean } {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, 'attention');
  const [id] = takePositionals(positionals, ['ID'], `attention ${subcommand}`);
  // takePositionals has thrown for a missing ID, so `id` is a string here.
  return { id: id ?? '', json: values.get('json') === true };
}
