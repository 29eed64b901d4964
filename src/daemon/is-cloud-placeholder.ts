import path from 'node:path';

/** The `lstat` fields that reveal a dataless file. */
export interface PlaceholderStats {
  readonly size: number;
  /** Allocated 512-byte blocks. */
  readonly blocks: number;
}

/**
 * iCloud Drive's stub for a file that is not downloaded: `IMG_1.jpg` becomes the small
 * property list `.IMG_1.jpg.icloud`, and the real name appears once the file is downloaded.
 */
const ICLOUD_STUB = /^\.(.+)\.icloud$/;

/**
 * Returns true for the base name of an iCloud Drive stub (`.IMG_1.jpg.icloud`).
 *
 * @example
 * isCloudPlaceholderName('.IMG_0001.HEIC.icloud'); // true
 * isCloudPlaceholderName('IMG_0001.HEIC'); // false
 */
export function isCloudPlaceholderName(baseName: string): boolean {
  return ICLOUD_STUB.test(baseName);
}

/** Returns the name of the file a stub represents (`IMG_1.jpg` for `.IMG_1.jpg.icloud`), or null. */
export function getPlaceholderTarget(baseName: string): string | null {
  return ICLOUD_STUB.exec(baseName)?.[1] ?? null;
}

/**
 * Returns true when reading `filePath` would make a sync client download it, or when the file
 * is only a stub for one that is not downloaded. Such files are never read.
 *
 * On macOS, a dataless file (iCloud Drive, and File Provider clients such as OneDrive and
 * Dropbox) reports its full size with no blocks allocated. Elsewhere a file with no blocks is
 * sparse, and reading it downloads nothing, so only the name counts there.
 */
export function isCloudPlaceholder(
  filePath: string,
  stats: PlaceholderStats,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (isCloudPlaceholderName(path.basename(filePath))) {
    return true;
  }
  // TODO: Node's fs.Stats does not expose st_flags, so macOS's SF_DATALESS flag is not read and a
  // dataless file is recognised only by having no blocks allocated.
  return platform === 'darwin' && stats.size > 0 && stats.blocks === 0;
}
