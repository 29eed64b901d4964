/** A unit file's sections by name, each with the values of every key in order. */
export type UnitFile = Map<string, Map<string, string[]>>;

/** Parses a systemd unit file into its sections, skipping comments and blank lines. */
export function parseUnitFile(text: string): UnitFile {
  const sections: UnitFile = new Map();
  let current: Map<string, string[]> | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      continue;
    }
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header?.[1] !== undefined) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const separator = trimmed.indexOf('=');
    if (current === undefined || separator <= 0) {
      throw new Error(`unexpected line in unit file: ${line}`);
    }
    const key = trimmed.slice(0, separator);
    current.set(key, [...(current.get(key) ?? []), trimmed.slice(separator + 1)]);
  }
  return sections;
}

/**
 * Splits an `ExecStart=` value into words the way systemd does for what the renderer writes:
 * double-quoted words with backslash escapes, `%%` for `%` and `$$` for `$`.
 */
export function splitExecStart(value: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const match of value.matchAll(pattern)) {
    const word = match[1] === undefined ? (match[2] ?? '') : match[1].replace(/\\(.)/g, '$1');
    words.push(word.replace(/%%/g, '%').replace(/\$\$/g, '$'));
  }
  return words;
}
