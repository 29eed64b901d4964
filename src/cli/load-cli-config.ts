import { readFile } from 'node:fs/promises';
import type { Config } from '../config/config-schema.js';
import { createDefaultConfig } from '../config/default-config.js';
import { parseConfig } from '../config/parse-config.js';
import { AppError } from '../shared/errors.js';
import type { Locations } from '../shared/paths.js';

/**
 * Loads `config.json` for `clean` and `check`, or the built-in defaults when there is none.
 * Unlike the daemon's `loadConfig` it creates no file and no folder, because a one-shot
 * command should leave no config behind.
 *
 * @throws {AppError} `E_CONFIG_INVALID` when the file cannot be read, is not JSON, or has an
 *   invalid key (the message names the key path).
 */
export async function loadCliConfig(locations: Locations): Promise<Config> {
  const { configFile, home } = locations;
  let text: string;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return parseConfig(createDefaultConfig(locations), home, 'built-in defaults');
    }
    throw new AppError(
      'E_CONFIG_INVALID',
      `Cannot read the config ${configFile} (${code ?? String(error)}). ` +
        'Make it a file readable by this user, or delete it to use the defaults.',
      { cause: error, path: configFile },
    );
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'E_CONFIG_INVALID',
      `Invalid config ${configFile}: not valid JSON (${detail}). ` +
        'Fix the file, or delete it to use the defaults.',
      { cause: error, path: configFile },
    );
  }
  return parseConfig(value, home, configFile);
}
