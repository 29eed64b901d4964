import { readFile } from 'node:fs/promises';
import type { Config } from '../../config/config-schema.js';
import { parseConfig } from '../../config/parse-config.js';
import { isAppError } from '../../shared/errors.js';
import type { Locations } from '../../shared/paths.js';
import { createCheck, type DoctorCheck } from './doctor-check.js';

/** The config check and, when the config is valid, the config itself for the other checks. */
export interface ConfigCheck {
  readonly check: DoctorCheck;
  readonly config: Config | null;
}

/**
 * Checks that the config file parses and validates, without writing the defaults as the
 * daemon's first start does. A missing file is a warning.
 */
export async function checkConfig(locations: Locations): Promise<ConfigCheck> {
  const file = locations.configFile;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const message = `${file} does not exist yet; the daemon writes the defaults when it first starts.`;
      return { check: createCheck('config', 'warn', message), config: null };
    }
    const message = `${file} cannot be read (${code ?? 'error'}); make it readable by this user.`;
    return { check: createCheck('config', 'fail', message), config: null };
  }
  try {
    const config = parseConfig(JSON.parse(text), locations.home, file);
    return { check: createCheck('config', 'pass', `${file} is valid.`), config };
  } catch (error) {
    if (error instanceof SyntaxError) {
      const message = `${file} is not valid JSON (${error.message}); fix it, or delete it to get the defaults.`;
      return { check: createCheck('config', 'fail', message), config: null };
    }
    if (isAppError(error)) {
      return { check: createCheck('config', 'fail', error.message), config: null };
    }
    throw error;
  }
}
