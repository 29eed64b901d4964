import { parseAgentArgs, type AgentArgs } from './agent/parse-agent-args.js';
import { parseUninstallArgs, type UninstallArgs } from './agent/parse-uninstall-args.js';
import {
  CONTROL_COMMAND_NAMES,
  isControlCommandName,
  type ControlCommand,
} from './control-command.js';
import { createUsageError } from './create-usage-error.js';
import { parseCleanArgs, type CleanArgs } from './parse-clean-args.js';
import { parseControlArgs } from './parse-control-args.js';
import { parseForgetArgs, type ForgetArgs } from './parse-forget-args.js';
import { parseOptions } from './parse-options.js';

/** The commands that exist, in the order help lists them. */
export const COMMAND_NAMES = [
  'clean',
  'check',
  ...CONTROL_COMMAND_NAMES,
  'daemon',
  'agent',
  'doctor',
  'forget',
  'uninstall',
  'tray',
  'help',
] as const;

/** One `metaclear` command. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** The options of `metaclear check`. */
export interface CheckArgs {
  readonly paths: readonly string[];
  readonly json: boolean;
}

/** A parsed `metaclear` command line: the command and its arguments. */
export type CommandLine =
  | { readonly kind: 'help'; readonly topic: CommandName | null }
  | { readonly kind: 'version' }
  | { readonly kind: 'clean'; readonly args: CleanArgs }
  | { readonly kind: 'check'; readonly args: CheckArgs }
  | { readonly kind: 'control'; readonly command: ControlCommand }
  | { readonly kind: 'daemon'; readonly agent: boolean }
  | { readonly kind: 'agent'; readonly args: AgentArgs }
  | { readonly kind: 'doctor' }
  | { readonly kind: 'forget'; readonly args: ForgetArgs }
  | { readonly kind: 'uninstall'; readonly args: UninstallArgs }
  | { readonly kind: 'tray' };

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Parses `metaclear`'s arguments (without `node` and the script path). `now` anchors
 * `pause --for` and `pause --until`.
 *
 * @throws {AppError} `E_USAGE` for a missing or unknown command or a bad argument.
 * @example parseCommandLine(['clean', '--out', 'shared', 'photos']);
 */
export function parseCommandLine(argv: readonly string[], now = new Date()): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) {
    throw createUsageError('missing command; run `metaclear --help` to list the commands.');
  }
  if (HELP_FLAGS.has(first)) {
    return { kind: 'help', topic: null };
  }
  if (first === '--version') {
    return { kind: 'version' };
  }
  if (first === 'help') {
    return parseHelpArgs(rest);
  }
  if (!isCommandName(first)) {
    throw createUsageError(
      `unknown ${first.startsWith('-') ? 'option' : 'command'} \`${first}\`; ` +
        'run `metaclear --help` to list the commands.',
    );
  }
  if (hasHelpFlag(rest)) {
    return { kind: 'help', topic: first };
  }
  return parseCommandArgs(first, rest, now);
}

function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}

/** True when `--help` or `-h` comes before any `--`, as in `metaclear clean --help`. */
function hasHelpFlag(args: readonly string[]): boolean {
  const terminator = args.indexOf('--');
  const options = terminator === -1 ? args : args.slice(0, terminator);
  return options.some((arg) => HELP_FLAGS.has(arg));
}

function parseHelpArgs(args: readonly string[]): CommandLine {
  const [topic, ...extra] = args;
  if (topic === undefined || HELP_FLAGS.has(topic)) {
    return { kind: 'help', topic: null };
  }
  if (!isCommandName(topic)) {
    throw createUsageError(
      `unknown command \`${topic}\`; run \`metaclear --help\` to list the commands.`,
    );
  }
  if (extra.length > 0) {
    throw createUsageError(
      '`metaclear help` takes one COMMAND; run `metaclear help ' + topic + '`.',
    );
  }
  return { kind: 'help', topic };
}

function parseCommandArgs(command: CommandName, args: readonly string[], now: Date): CommandLine {
  if (isControlCommandName(command)) {
    return { kind: 'control', command: parseControlArgs(command, args, now) };
  }
  switch (command) {
    case 'clean':
      return { kind: 'clean', args: parseCleanArgs(args) };
    case 'check':
      return { kind: 'check', args: parseCheckArgs(args) };
    case 'daemon':
      return { kind: 'daemon', agent: parseDaemonArgs(args) };
    case 'agent':
      return { kind: 'agent', args: parseAgentArgs(args) };
    case 'doctor':
      parseNoArgs(args, 'doctor');
      return { kind: 'doctor' };
    case 'forget':
      return { kind: 'forget', args: parseForgetArgs(args) };
    case 'uninstall':
      return { kind: 'uninstall', args: parseUninstallArgs(args) };
    case 'tray':
      parseNoArgs(args, 'tray');
      return { kind: 'tray' };
    case 'help':
      return parseHelpArgs(args);
  }
}

function parseCheckArgs(args: readonly string[]): CheckArgs {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, 'check');
  if (positionals.length === 0) {
    throw createUsageError('missing PATH: give the images or folders to check.');
  }
  if (positionals.includes('-')) {
    throw createUsageError(
      '`metaclear check` reads files, not standard input; save the image to a file and ' +
        'check that, or write `./-` for a file named `-`.',
    );
  }
  return { paths: positionals, json: values.get('json') === true };
}

/** Checks that a command without options or paths, such as `doctor`, got none. */
function parseNoArgs(args: readonly string[], commandName: CommandName): void {
  const { positionals } = parseOptions(args, {}, commandName);
  if (positionals.length > 0) {
    throw createUsageError(
      `\`metaclear ${commandName}\` takes no arguments, but got \`${positionals[0] ?? ''}\`.`,
    );
  }
}

/** Returns the `--agent` flag of `metaclear daemon`. */
function parseDaemonArgs(args: readonly string[]): boolean {
  const { values, positionals } = parseOptions(args, { agent: { type: 'boolean' } }, 'daemon');
  if (positionals.length > 0) {
    throw createUsageError(
      `\`metaclear daemon\` takes no PATH, but got \`${positionals[0] ?? ''}\`; ` +
        'the folders it watches are set in the config file.',
    );
  }
  return values.get('agent') === true;
}
