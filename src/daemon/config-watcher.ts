import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config-schema.js';
import { parseConfig } from '../config/parse-config.js';
import { AppError, isAppError } from '../shared/errors.js';

/** Options for {@link watchConfigFile}. */
export interface ConfigWatcherOptions {
  /** The absolute path of `config.json`. */
  readonly configFile: string;
  /** The real home, which `~` in the config stands for. */
  readonly homeDir: string;
  /**
   * The config in force now. An edit that leaves it the same raises no event. Null while none
   * is in force, so that the first valid config raises `change`.
   */
  readonly config: Config | null;
  /**
   * Milliseconds without a further event on the file before it is read, so an editor's
   * several writes for one save cause one reload.
   * @default 250
   */
  readonly debounceMs?: number;
}

/** Arguments of each {@link ConfigWatcher} event. */
export interface ConfigWatcherEventMap {
  /** The file contains a valid config that differs from the one in force. */
  change: [config: Config];
  /**
   * The file was edited but cannot be used: `E_CONFIG_INVALID` names each invalid key by its
   * path, `E_NOT_FOUND` means it was removed. The config in force stays.
   */
  invalid: [error: AppError];
  /** Watching the config's folder failed, so later edits are not seen. */
  error: [error: Error];
}

/** Watches `config.json` and reads it again after each edit. */
export interface ConfigWatcher extends EventEmitter<ConfigWatcherEventMap> {
  /** Resolves when no reload is waiting or running, at once if none is. */
  onIdle(): Promise<void>;
  /** Stops watching. Every call returns the same promise. */
  close(): Promise<void>;
}

const DEFAULT_DEBOUNCE_MS = 250;

/**
 * Starts watching the config file. The folder is watched rather than the file, because an
 * atomic save replaces the file with a new inode, and a watch on the old one reports nothing.
 *
 * @throws the `fs.watch` error when the config's folder cannot be watched.
 * @example
 * const watcher = watchConfigFile({ configFile, homeDir, config });
 * watcher.on('change', (next) => daemon.applyConfig(next));
 * watcher.on('invalid', (error) => log.error({ code: error.code }, error.message));
 */
export function watchConfigFile(options: ConfigWatcherOptions): ConfigWatcher {
  return new ConfigFileWatcher(options);
}

class ConfigFileWatcher extends EventEmitter<ConfigWatcherEventMap> implements ConfigWatcher {
  readonly #options: ConfigWatcherOptions;
  readonly #watcher: FSWatcher;
  #timer: NodeJS.Timeout | null = null;
  #reloading: Promise<void> | null = null;
  #idleWaiters: (() => void)[] = [];
  #lastText: string | null = null;
  #lastConfigJson: string | null;
  #closing: Promise<void> | undefined;

  constructor(options: ConfigWatcherOptions) {
    super();
    this.#options = options;
    this.#lastConfigJson = options.config === null ? null : JSON.stringify(options.config);
    const fileName = path.basename(options.configFile);
    this.#watcher = watch(
      path.dirname(options.configFile),
      { persistent: false },
      (_eventType, changedName) => {
        // Some platforms give no file name. The file is read anyway, and unchanged text is ignored.
        if (changedName === null || changedName === fileName) {
          this.#schedule();
        }
      },
    );
    this.#watcher.on('error', (error) => {
      this.emit('error', error);
    });
  }

  onIdle(): Promise<void> {
    if (this.#isIdle()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#watcher.close();
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    await this.#reloading;
    this.#notifyIfIdle();
  }

  #schedule(): void {
    if (this.#closing !== undefined) {
      return;
    }
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#startReload();
    }, this.#options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
  }

  /** Reads the file now, or once more after the read that is running, which may be stale. */
  async #startReload(): Promise<void> {
    while (this.#reloading !== null) {
      await this.#reloading;
    }
    this.#reloading = this.#reload().finally(() => {
      this.#reloading = null;
      this.#notifyIfIdle();
    });
  }

  async #reload(): Promise<void> {
    let config: Config;
    try {
      const text = await this.#readText();
      if (text === this.#lastText || this.#closing !== undefined) {
        return;
      }
      this.#lastText = text;
      config = this.#parse(text);
    } catch (error) {
      this.emit('invalid', toAppError(error, this.#options.configFile));
      return;
    }
    const configJson = JSON.stringify(config);
    if (configJson !== this.#lastConfigJson) {
      this.#lastConfigJson = configJson;
      this.emit('change', config);
    }
  }

  /**
   * Returns the file's text.
   *
   * @throws AppError `E_NOT_FOUND` when the file is gone, `E_PERMISSION` when it cannot be read.
   */
  async #readText(): Promise<string> {
    const { configFile } = this.#options;
    try {
      return await readFile(configFile, 'utf8');
    } catch (error) {
      // A failed read is not remembered, so the same text is parsed again once it is back.
      this.#lastText = null;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new AppError(
          'E_NOT_FOUND',
          `The config ${configFile} was removed, so the daemon keeps the config it has. Restore the file, or restart the daemon to write the defaults.`,
          { cause: error, path: configFile },
        );
      }
      if (code === 'EACCES' || code === 'EPERM') {
        throw new AppError(
          'E_PERMISSION',
          `Cannot read the config ${configFile}: permission denied, so the daemon keeps the config it has. Make it readable by this user.`,
          { cause: error, path: configFile },
        );
      }
      throw error;
    }
  }

  #parse(text: string): Config {
    const { configFile, homeDir } = this.#options;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new AppError(
        'E_CONFIG_INVALID',
        `Invalid config ${configFile}: not valid JSON (${detail}). Fix the file; until then the daemon keeps the config it has.`,
        { cause: error, path: configFile },
      );
    }
    return parseConfig(value, homeDir, configFile);
  }

  #isIdle(): boolean {
    return this.#timer === null && this.#reloading === null;
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) {
      return;
    }
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) {
      resolve();
    }
  }
}

function toAppError(error: unknown, configFile: string): AppError {
  if (isAppError(error)) {
    return error;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('E_CONFIG_INVALID', `Invalid config ${configFile}: ${detail}.`, {
    cause: error,
    path: configFile,
  });
}
