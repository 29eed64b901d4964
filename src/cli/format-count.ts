/** Formats `count` with its noun, singular or plural: `1 folder`, `2 folders`, `0 files`. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
