import path from 'node:path';
import type { Locations } from '../shared/paths.js';
import { DEFAULT_MAX_FILE_BYTES, type ConfigInput } from './config-schema.js';

/**
 * Creates the config written on first start: the "To Clean" inbox with its "Cleaned" output
 * folder, and the "Originals" vault. Folders in their usual place under `~/MetaClear` are
 * written with `~/`, so the file reads the same for every user. Under `METACLEAR_HOME` they are
 * absolute paths.
 */
export function createDefaultConfig(locations: Locations): ConfigInput {
  const usualRoot = path.join(locations.home, 'MetaClear');
  const toConfigPath = (folder: string): string =>
    path.dirname(folder) === usualRoot ? `~/MetaClear/${path.basename(folder)}` : folder;
  return {
    version: 1,
    folders: [
      {
        path: toConfigPath(locations.defaultInbox),
        mode: 'output',
        output: toConfigPath(locations.defaultOutput),
        recursive: true,
        existing: 'clean',
      },
    ],
    originals: {
      action: 'vault',
      vault: toConfigPath(locations.defaultVault),
      retentionDays: null,
    },
    keep: {
      orientation: true,
      colorProfile: true,
      hdrGainMap: true,
      captureDate: false,
      copyright: false,
      contentCredentials: false,
    },
    limits: { maxFileBytes: DEFAULT_MAX_FILE_BYTES, jobTimeoutMs: 30_000 },
    settle: { stableMs: 150, incompleteAfterMs: 600_000 },
    concurrency: 4,
    log: { level: 'info' },
  };
}
