import { readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Config } from '../config/config-schema.js';
import { parseConfig } from '../config/parse-config.js';
import { AppError } from '../shared/errors.js';
import { expandHome, type Locations } from '../shared/paths.js';
import type { FolderChanges, FolderSettings } from '../shared/protocol/index.js';

/** A folder entry of `config.json` as written, before defaults and `~` expansion. */
type RawFolder = Record<string, unknown>;

/** Options for {@link FolderConfigEditor}. */
export interface FolderConfigEditorOptions {
  readonly locations: Locations;
  /** Applies a config once it is written, as a config reload does. */
  readonly apply: (config: Config) => Promise<void>;
}

/**
 * Edits the `folders` list of `config.json` for the `folders.*` requests. Each edit reads the
 * file as written (keeping `~` paths and the user's other keys), validates the result with the
 * config schema, writes it atomically and applies it. Edits run one at a time.
 */
export class FolderConfigEditor {
  readonly #options: FolderConfigEditorOptions;
  #editing: Promise<unknown> = Promise.resolve();

  constructor(options: FolderConfigEditorOptions) {
    this.#options = options;
  }

  /** @throws AppError `E_ALREADY_EXISTS` when the folder is in the config already. */
  add(settings: FolderSettings): Promise<Config> {
    return this.#edit((folders) => {
      if (this.#findIndex(folders, settings.path) !== -1) {
        throw new AppError(
          'E_ALREADY_EXISTS',
          `${settings.path} is a watched folder already; use folders.update to change it.`,
          { path: settings.path },
        );
      }
      const { path: folderPath, mode, ...rest } = settings;
      const entry = {
        path: folderPath,
        mode: mode ?? (settings.output === undefined ? 'in-place' : 'output'),
        ...rest,
      };
      return [...folders, entry];
    });
  }

  /** @throws AppError `E_NOT_FOUND` when the folder is not in the config. */
  remove(folderPath: string): Promise<Config> {
    return this.#edit((folders) => {
      const index = this.#getIndex(folders, folderPath);
      return folders.filter((_, candidate) => candidate !== index);
    });
  }

  /**
   * Applies `changes` to one folder entry: a key set to null is removed, and switching to
   * `in-place` removes `output`.
   *
   * @throws AppError `E_NOT_FOUND` when the folder is not in the config.
   */
  update(folderPath: string, changes: FolderChanges): Promise<Config> {
    return this.#edit((folders) => {
      const index = this.#getIndex(folders, folderPath);
      const removed = new Set(
        Object.entries(changes)
          .filter(([, value]) => value === null)
          .map(([key]) => key),
      );
      if (changes.mode === 'in-place' && changes.output === undefined) {
        removed.add('output');
      }
      const kept = Object.entries({ ...folders[index], ...changes }).filter(
        ([key, value]) => !removed.has(key) && value !== undefined,
      );
      const entry: RawFolder = Object.fromEntries(kept);
      return folders.map((folder, candidate) => (candidate === index ? entry : folder));
    });
  }

  #edit(change: (folders: readonly RawFolder[]) => RawFolder[]): Promise<Config> {
    const run = this.#editing.then(() => this.#runEdit(change));
    this.#editing = run.catch(() => undefined);
    return run;
  }

  async #runEdit(change: (folders: readonly RawFolder[]) => RawFolder[]): Promise<Config> {
    const { configFile, home } = this.#options.locations;
    const raw = await this.#readRaw();
    const folders = Array.isArray(raw.folders) ? (raw.folders as RawFolder[]) : [];
    const next = { ...raw, folders: change(folders) };
    // Throws E_CONFIG_INVALID naming each invalid key by its path; the file stays as it was.
    const config = parseConfig(next, home, configFile);
    await writeFileAtomic(configFile, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    await this.#options.apply(config);
    return config;
  }

  async #readRaw(): Promise<Record<string, unknown>> {
    const { configFile } = this.#options.locations;
    let value: unknown;
    try {
      value = JSON.parse(await readFile(configFile, 'utf8'));
    } catch (error) {
      throw new AppError(
        'E_CONFIG_INVALID',
        `cannot read the config ${configFile} to change its folders; fix or restore the file first.`,
        { cause: error, path: configFile },
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new AppError(
        'E_CONFIG_INVALID',
        `the config ${configFile} is not a JSON object; fix or restore the file first.`,
        { path: configFile },
      );
    }
    return value as Record<string, unknown>;
  }

  #findIndex(folders: readonly RawFolder[], folderPath: string): number {
    const { home } = this.#options.locations;
    return folders.findIndex(
      (folder) =>
        typeof folder.path === 'string' &&
        path.resolve(expandHome(folder.path, home)) === path.resolve(folderPath),
    );
  }

  /** @throws AppError `E_NOT_FOUND` when the folder is not in the config. */
  #getIndex(folders: readonly RawFolder[], folderPath: string): number {
    const index = this.#findIndex(folders, folderPath);
    if (index === -1) {
      throw new AppError(
        'E_NOT_FOUND',
        `${folderPath} is not a watched folder; see 'metaclear folders' for the list.`,
        { path: folderPath },
      );
    }
    return index;
  }
}
