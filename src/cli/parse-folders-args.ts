import type { ControlCommand, ExistingFiles } from './control-command.js';
import { createUsageError } from './create-usage-error.js';
import { parseOptions, type OptionSpec } from './parse-options.js';
import { takePositionals } from './take-positionals.js';

const FOLDERS_SUBCOMMANDS = ['list', 'add', 'remove'] as const;

const ADD_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: 'boolean' },
  mode: { type: 'string', valueName: 'in-place|output' },
  output: { type: 'string', valueName: 'DIR' },
  existing: { type: 'string', valueName: 'clean|skip' },
  screenshots: { type: 'boolean' },
};

/**
 * Parses the arguments after `metaclear folders`: `list` (also with no subcommand), `add` or
 * `remove`.
 *
 * @throws {AppError} `E_USAGE` for an unknown subcommand, a bad option, or `add` options that
 *   contradict each other.
 */
export function parseFoldersArgs(args: readonly string[]): ControlCommand {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand.startsWith('-')) {
    return parseListArgs(args);
  }
  switch (subcommand) {
    case 'list':
      return parseListArgs(rest);
    case 'add':
      return parseAddArgs(rest);
    case 'remove':
      return parseRemoveArgs(rest);
    default:
      throw createUsageError(
        `unknown subcommand \`${subcommand}\` for \`metaclear folders\`; use one of ` +
          `${FOLDERS_SUBCOMMANDS.map((name) => `\`${name}\``).join(', ')}, as in ` +
          '`metaclear folders add ~/Pictures/Screenshots`.',
      );
  }
}

function parseListArgs(args: readonly string[]): ControlCommand {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, 'folders');
  takePositionals(positionals, [], 'folders list');
  return { kind: 'folders.list', json: values.get('json') === true };
}

function parseRemoveArgs(args: readonly string[]): ControlCommand {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, 'folders');
  const [folder] = takePositionals(positionals, ['PATH'], 'folders remove');
  // takePositionals has thrown for a missing PATH, so `folder` is a string here.
  return { kind: 'folders.remove', path: folder ?? '', json: values.get('json') === true };
}

function parseAddArgs(args: readonly string[]): ControlCommand {
  const { values, positionals } = parseOptions(args, ADD_OPTIONS, 'folders');
  const screenshots = values.get('screenshots') === true;
  const [folder = null] = takePositionals(
    positionals,
    [screenshots ? 'PATH?' : 'PATH'],
    'folders add',
  );
  if (screenshots && folder !== null) {
    throw createUsageError(
      `\`--screenshots\` adds the system's screenshots folder, so it takes no PATH, but got ` +
        `\`${folder}\`; give either PATH or \`--screenshots\`.`,
    );
  }
  const output = getStringValue(values, 'output');
  const mode = parseMode(getStringValue(values, 'mode'), output);
  return {
    kind: 'folders.add',
    path: folder,
    mode,
    output,
    existing: parseExisting(getStringValue(values, 'existing')),
    screenshots,
    json: values.get('json') === true,
  };
}

/** Returns `--mode`, or `output` when only `--output` is given and `in-place` otherwise. */
function parseMode(mode: string | null, output: string | null): 'in-place' | 'output' {
  if (mode === null) {
    return output === null ? 'in-place' : 'output';
  }
  if (mode !== 'in-place' && mode !== 'output') {
    throw createUsageError(
      `invalid value \`${mode}\` for \`--mode\`; write \`--mode in-place\` (replace each ` +
        'file with its cleaned version) or `--mode output --output DIR` (put cleaned copies ' +
        'in DIR).',
    );
  }
  if (mode === 'output' && output === null) {
    throw createUsageError(
      '`--mode output` needs `--output DIR`, the folder that receives the cleaned copies.',
    );
  }
  if (mode === 'in-place' && output !== null) {
    throw createUsageError(
      `\`--output ${output}\` is only for \`--mode output\`, but \`--mode in-place\` ` +
        'cleans files where they are; drop one of them.',
    );
  }
  return mode;
}

function parseExisting(existing: string | null): ExistingFiles | null {
  if (existing === null || existing === 'clean' || existing === 'skip') {
    return existing;
  }
  throw createUsageError(
    `invalid value \`${existing}\` for \`--existing\`; write \`--existing clean\` to clean ` +
      'the files already in the folder, or `--existing skip` to leave them as they are.',
  );
}

function getStringValue(
  values: ReadonlyMap<string, string | boolean>,
  name: string,
): string | null {
  const value = values.get(name);
  return typeof value === 'string' ? value : null;
}
