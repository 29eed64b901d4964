import { mkdir } from 'node:fs/promises';
import type { Config } from '../config/config-schema.js';
import type { Locations } from '../shared/paths.js';

/**
 * Creates the default folders ("To Clean", "Cleaned", "Originals") that the config uses and
 * that are missing, for example after the user deleted one. Other configured folders are left
 * alone, because a missing one may sit on a drive that is not mounted. The vault is 0700.
 */
export async function createDefaultFolders(config: Config, locations: Locations): Promise<void> {
  const defaults = new Set([locations.defaultInbox, locations.defaultOutput]);
  const used = config.folders.flatMap((folder) =>
    folder.mode === 'output' ? [folder.path, folder.output] : [folder.path],
  );
  for (const folder of used.filter((folderPath) => defaults.has(folderPath))) {
    await mkdir(folder, { recursive: true });
  }
  if (config.originals.vault === locations.defaultVault) {
    await mkdir(config.originals.vault, { recursive: true, mode: 0o700 });
  }
}
