const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/** Formats a byte count in decimal units, as Finder shows sizes: `12.4 MB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) {
    return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit] ?? ''}`;
}

/** Returns `1 file` or `N files`, with any noun and its plural. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
