import { createUsageError } from './create-usage-error.js';
import { parseOptions, type OptionSpec } from './parse-options.js';

/** The options of `metaclear clean`. */
export interface CleanArgs {
  /** Files and folders to clean, or the single path `-` for standard input. */
  readonly paths: readonly string[];
  /** `--out DIR`: the folder for cleaned copies; null cleans in place. */
  readonly outDir: string | null;
  readonly json: boolean;
  /** `--keep-orientation[=true|false]`; null leaves the config's choice. */
  readonly keepOrientation: boolean | null;
  readonly bakeOrientation: boolean;
  readonly toSrgb: boolean;
}

/** The options `metaclear clean` accepts, by long name. */
export const CLEAN_OPTION_SPECS: Readonly<Record<string, OptionSpec>> = Object.freeze({
  out: { type: 'string', valueName: 'DIR' },
  json: { type: 'boolean' },
  'keep-orientation': { type: 'boolean', acceptsBooleanValue: true },
  'bake-orientation': { type: 'boolean' },
  'to-srgb': { type: 'boolean' },
});

/**
 * Parses the arguments after `metaclear clean`.
 *
 * @throws {AppError} `E_USAGE` for a bad option, no PATH, `-` mixed with other paths, `--out`
 *   or `--json`, or `--bake-orientation` with `--keep-orientation=false`.
 */
export function parseCleanArgs(args: readonly string[]): CleanArgs {
  const { values, positionals } = parseOptions(args, CLEAN_OPTION_SPECS, 'clean');
  const outValue = values.get('out');
  const keepValue = values.get('keep-orientation');
  const cleanArgs: CleanArgs = {
    paths: positionals,
    outDir: typeof outValue === 'string' ? outValue : null,
    json: values.get('json') === true,
    keepOrientation: typeof keepValue === 'boolean' ? keepValue : null,
    bakeOrientation: values.get('bake-orientation') === true,
    toSrgb: values.get('to-srgb') === true,
  };
  validateCleanArgs(cleanArgs);
  return cleanArgs;
}

function validateCleanArgs(cleanArgs: CleanArgs): void {
  if (cleanArgs.paths.length === 0) {
    throw createUsageError(
      'missing PATH: give the images or folders to clean, or `-` to clean standard input ' +
        'to standard output.',
    );
  }
  if (cleanArgs.bakeOrientation && cleanArgs.keepOrientation === false) {
    throw createUsageError(
      '`--bake-orientation` rotates the pixels by the orientation that ' +
        '`--keep-orientation=false` drops; give one of them.',
    );
  }
  if (!cleanArgs.paths.includes('-')) {
    return;
  }
  if (cleanArgs.json) {
    throw createUsageError(
      '`-` writes the cleaned image to standard output, so it cannot be combined with ' +
        '`--json`; drop `--json`, or give file paths instead of `-`.',
    );
  }
  if (cleanArgs.outDir !== null) {
    throw createUsageError(
      '`-` writes the cleaned image to standard output, so it cannot be combined with ' +
        '`--out`; redirect standard output to a file instead.',
    );
  }
  if (cleanArgs.paths.length > 1) {
    throw createUsageError(
      '`-` (standard input) must be the only PATH; clean files in a separate command, ' +
        'or write `./-` for a file named `-`.',
    );
  }
}
