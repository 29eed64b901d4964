/** Handling of an original once its cleaned version is in place. */
export interface OriginalsOptions {
  /** Keep it in the vault, move it to the trash, or delete it. */
  readonly action: 'vault' | 'trash' | 'delete';
  /** The vault folder, an absolute path. */
  readonly vaultDir: string;
  /**
   * The original's path under the vault's dated folder: `<watched folder name>/<relative
   * path>` for a watched file, or its base name for a file outside watched folders.
   */
  readonly vaultRelativePath: string;
}
