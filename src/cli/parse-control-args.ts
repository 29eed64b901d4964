import { MAX_RECENT_LIMIT } from '../shared/protocol/index.js';
import type { ControlCommand, ControlCommandName } from './control-command.js';
import { createUsageError } from './create-usage-error.js';
import { parseAttentionArgs } from './parse-attention-args.js';
import { parseDuration } from './parse-duration.js';
import { parseFoldersArgs } from './parse-folders-args.js';
import { parseOptions, type OptionSpec } from './parse-options.js';
import { parseUntilTime } from './parse-until-time.js';
import { takePositionals } from './take-positionals.js';

const JSON_OPTION: Readonly<Record<string, OptionSpec>> = { json: { type: 'boolean' } };

const PAUSE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...JSON_OPTION,
  for: { type: 'string', valueName: 'DURATION' },
  until: { type: 'string', valueName: 'TIME' },
};

const RECENT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...JSON_OPTION,
  limit: { type: 'string', valueName: 'N' },
};

/** Crockford base32, 26 characters: the ULIDs the daemon gives its jobs. */
const JOB_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

/**
 * Parses the arguments after a command that talks to the daemon. `now` anchors `--for` and
 * `--until`.
 *
 * @throws {AppError} `E_USAGE` for a bad option, a missing or extra argument, or an invalid
 *   duration, time or job id.
 */
export function parseControlArgs(
  command: ControlCommandName,
  args: readonly string[],
  now: Date,
): ControlCommand {
  switch (command) {
    case 'status':
      return { kind: 'status', json: parseJsonOnly(args, 'status') };
    case 'pause':
      return parsePauseArgs(args, now);
    case 'resume':
      return parseResumeArgs(args);
    case 'folders':
      return parseFoldersArgs(args);
    case 'recent':
      return parseRecentArgs(args);
    case 'attention':
      return parseAttentionArgs(args);
    case 'revert':
      return parseRevertArgs(args);
  }
}

function parseJsonOnly(args: readonly string[], command: string): boolean {
  const { values, positionals } = parseOptions(args, JSON_OPTION, command);
  takePositionals(positionals, [], command);
  return values.get('json') === true;
}

function parsePauseArgs(args: readonly string[], now: Date): ControlCommand {
  const { values, positionals } = parseOptions(args, PAUSE_OPTIONS, 'pause');
  const [folder = null] = takePositionals(positionals, ['FOLDER?'], 'pause');
  const duration = values.get('for');
  const time = values.get('until');
  if (typeof duration === 'string' && typeof time === 'string') {
    throw createUsageError('`--for` and `--until` both set when the pause ends; give one of them.');
  }
  let until: Date | null = null;
  if (typeof duration === 'string') {
    until = new Date(now.getTime() + parseDuration(duration, '--for'));
  } else if (typeof time === 'string') {
    until = parseUntilTime(time, '--until', now);
  }
  return { kind: 'pause', folder, until, json: values.get('json') === true };
}

function parseResumeArgs(args: readonly string[]): ControlCommand {
  const { values, positionals } = parseOptions(args, JSON_OPTION, 'resume');
  const [folder = null] = takePositionals(positionals, ['FOLDER?'], 'resume');
  return { kind: 'resume', folder, json: values.get('json') === true };
}

function parseRecentArgs(args: readonly string[]): ControlCommand {
  const { values, positionals } = parseOptions(args, RECENT_OPTIONS, 'recent');
  takePositionals(positionals, [], 'recent');
  const limit = values.get('limit');
  return {
    kind: 'recent',
    limit: typeof limit === 'string' ? parseLimit(limit) : null,
    json: values.get('json') === true,
  };
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_RECENT_LIMIT) {
    throw createUsageError(
      `invalid value \`${value}\` for \`--limit\`; give a whole number from 1 to ` +
        `${MAX_RECENT_LIMIT}.`,
    );
  }
  return limit;
}

function parseRevertArgs(args: readonly string[]): ControlCommand {
  const { values, positionals } = parseOptions(args, JSON_OPTION, 'revert');
  const [jobId] = takePositionals(positionals, ['JOB_ID'], 'revert');
  if (jobId === undefined || !JOB_ID_PATTERN.test(jobId)) {
    throw createUsageError(
      `invalid job id \`${jobId ?? ''}\`: a job id is 26 letters and digits; run ` +
        '`metaclear recent` to list recent jobs with their ids.',
    );
  }
  return { kind: 'revert', jobId: jobId.toUpperCase(), json: values.get('json') === true };
}
