const UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/**
 * Formats a byte count in decimal units, as macOS Finder and most file managers do:
 * `512 bytes`, `34.2 MB`, `1.5 GB`.
 */
export function formatByteSize(bytes: number): string {
  if (bytes < 1000) {
    return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  }
  let value = bytes;
  let unit: string = 'bytes';
  for (const nextUnit of UNITS) {
    if (value < 1000) {
      break;
    }
    value /= 1000;
    unit = nextUnit;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}
