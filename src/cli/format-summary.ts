/**
 * Counts statuses for the closing line of a batch, such as `3 files: 2 cleaned, 1 failed`,
 * with the statuses in the order they first appear. Returns null for a single file.
 */
export function formatSummary(statuses: readonly string[]): string | null {
  if (statuses.length < 2) {
    return null;
  }
  const counts = new Map<string, number>();
  for (const status of statuses) {
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = [...counts].map(([status, count]) => `${count} ${describeStatus(status)}`);
  return `${statuses.length} files: ${parts.join(', ')}`;
}

/** Words for a status that read right after any count: "2 with metadata", not "2 has". */
function describeStatus(status: string): string {
  return status === 'has-metadata' ? 'with metadata' : status.replace('-', ' ');
}
