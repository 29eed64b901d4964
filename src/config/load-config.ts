import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { AppError } from '../shared/errors.js';
import type { Locations } from '../shared/paths.js';
import type { Config } from './config-schema.js';
import { createDefaultConfig } from './default-config.js';
import { parseConfig } from './parse-config.js';

/**
 * Loads and validates `config.json`, with `~` expanded to the real home. On first start, when
 * the file is missing, it writes the default config atomically and creates the default
 * folders. The state dir is created with mode 0700 on every call.
 *
 * @throws AppError `E_CONFIG_INVALID` when the file is not JSON or a key is invalid (the
 *   message names the key path), `E_PERMISSION` when it cannot be read.
 * @example
 * const config = await loadConfig(resolveLocations());
 */
export async function loadConfig(locations: Locations): Promise<Config> {
  await mkdir(locations.stateDir, { recursive: true, mode: 0o700 });
  const text = await readConfigText(locations.configFile);
  if (text === null) {
    return writeDefaultConfig(locations);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'E_CONFIG_INVALID',
      `Invalid config ${locations.configFile}: not valid JSON (${detail}). Fix the file, or delete it to get the defaults.`,
      { cause: error, path: locations.configFile },
    );
  }
  return parseConfig(value, locations.home, locations.configFile);
}

/** Returns the file's text, or null when it does not exist. */
async function readConfigText(configFile: string): Promise<string | null> {
  try {
    return await readFile(configFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return null;
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new AppError(
        'E_PERMISSION',
        `Cannot read the config ${configFile}: permission denied. Make it readable by this user.`,
        { cause: error, path: configFile },
      );
    }
    if (code === 'EISDIR') {
      throw new AppError(
        'E_CONFIG_INVALID',
        `Invalid config ${configFile}: it is a directory. Remove it to get the defaults.`,
        { cause: error, path: configFile },
      );
    }
    throw error;
  }
}

async function writeDefaultConfig(locations: Locations): Promise<Config> {
  const defaults = createDefaultConfig(locations);
  const config = parseConfig(defaults, locations.home, locations.configFile);
  await mkdir(path.dirname(locations.configFile), { recursive: true, mode: 0o700 });
  // NOTE: a config written by hand between the read above and this write is replaced.
  await writeFileAtomic(locations.configFile, `${JSON.stringify(defaults, null, 2)}\n`, {
    mode: 0o600,
  });
  for (const folder of config.folders) {
    await mkdir(folder.path, { recursive: true });
    if (folder.mode === 'output') {
      await mkdir(folder.output, { recursive: true });
    }
  }
  await mkdir(config.originals.vault, { recursive: true, mode: 0o700 });
  return config;
}
