/** Drops a leading `<filePath>: ` from a reason, for lines that already show the path. */
export function removePathPrefix(reason: string, filePath: string): string {
  const prefix = `${filePath}: `;
  return reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
}
