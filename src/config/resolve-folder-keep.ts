import type { KeepPolicy } from '../strip/keep-policy.js';
import type { Config, FolderConfig } from './config-schema.js';

/** A keep policy plus whether the cleaned file gets the original's file dates. */
export type FolderKeepPolicy = KeepPolicy & { readonly fileDates: boolean };

/**
 * Resolves the keep policy of one watched folder: each key the folder's `keep` sets overrides
 * the top-level `keep`. `fileDates` falls back to true for in-place folders and false for output
 * folders, whose copies are made to share.
 */
export function resolveFolderKeep(config: Config, folder: FolderConfig): FolderKeepPolicy {
  const overrides = folder.keep ?? {};
  return Object.freeze({
    orientation: overrides.orientation ?? config.keep.orientation,
    colorProfile: overrides.colorProfile ?? config.keep.colorProfile,
    hdrGainMap: overrides.hdrGainMap ?? config.keep.hdrGainMap,
    captureDate: overrides.captureDate ?? config.keep.captureDate,
    copyright: overrides.copyright ?? config.keep.copyright,
    contentCredentials: overrides.contentCredentials ?? config.keep.contentCredentials,
    fileDates: overrides.fileDates ?? config.keep.fileDates ?? folder.mode === 'in-place',
  });
}
