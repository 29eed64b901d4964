/** Formats a key path the way a reader finds it in the JSON: `folders[0].keep.orientation`. */
export function formatKeyPath(keys: readonly PropertyKey[]): string {
  let text = '';
  for (const key of keys) {
    if (typeof key === 'number') {
      text += `[${key}]`;
    } else {
      text += text === '' ? String(key) : `.${String(key)}`;
    }
  }
  return text === '' ? '(top level)' : text;
}
