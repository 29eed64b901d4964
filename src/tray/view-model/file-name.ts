/** Returns the last segment of a POSIX path, which is what the popup shows of a file. */
export function getFileName(filePath: string): string {
  const trimmed = filePath.replace(/\/+$/, '');
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return name === '' ? filePath : name;
}
