import type { Logger } from 'pino';
import { isAppError } from '../shared/errors.js';
import type { Locations } from '../shared/paths.js';
import { watchConfigFile, type ConfigWatcher } from './config-watcher.js';
import type { Daemon } from './daemon.js';

/**
 * Applies each valid edit of `config.json` to the running daemon and logs what happened. An
 * invalid edit is logged with the message that names each invalid key by its path, and the
 * daemon keeps the config it has. Returns null, after a warning, when the file's folder
 * cannot be watched; edits then take effect at the next start.
 */
export function followConfigFile(
  daemon: Daemon,
  locations: Locations,
  logger: Logger,
): ConfigWatcher | null {
  const { configFile } = locations;
  let watcher: ConfigWatcher;
  try {
    watcher = watchConfigFile({ configFile, homeDir: locations.home, config: daemon.config });
  } catch (error) {
    logger.warn({ err: error, configFile }, 'config file not watched: edits apply after a restart');
    return null;
  }
  watcher.on('change', (config) => {
    logger.level = config.log.level;
    daemon.applyConfig(config).catch((error: unknown) => {
      const code = isAppError(error) ? error.code : 'E_INTERNAL';
      logger.error({ err: error, code, configFile }, 'config edit rejected: keeping the last one');
    });
  });
  watcher.on('invalid', (error) => {
    logger.error(
      { code: error.code, configFile, reason: error.message },
      'invalid config edit: keeping the last valid config',
    );
  });
  watcher.on('error', (error) => {
    logger.warn({ err: error, configFile }, 'config file no longer watched');
  });
  daemon.on('config.changed', (change) => {
    logger.info({ configFile, ...change }, 'config applied');
  });
  return watcher;
}
