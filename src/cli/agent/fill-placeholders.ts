import type { PlistValue } from 'plist';

const PLACEHOLDER = /@([A-Z_]+)@/g;

/**
 * Replaces every `@NAME@` in the strings of a parsed plist with `values[NAME]`, and returns a
 * copy.
 *
 * @throws Error when a string names a placeholder that `values` lacks.
 */
export function fillPlaceholders<T extends PlistValue>(
  value: T,
  values: Readonly<Record<string, string>>,
): T {
  return fillValue(value, values) as T;
}

function fillValue(value: PlistValue, values: Readonly<Record<string, string>>): PlistValue {
  if (typeof value === 'string') {
    return replacePlaceholders(value, values);
  }
  if (Array.isArray(value)) {
    return value.map((item) => fillValue(item, values));
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    value instanceof Date ||
    value instanceof Uint8Array
  ) {
    return value;
  }
  const copy: Record<string, PlistValue> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = fillValue(item, values);
  }
  return copy;
}

/**
 * Replaces `@NAME@` in one line of text.
 *
 * @throws Error when `values` has no NAME.
 */
export function replacePlaceholders(
  text: string,
  values: Readonly<Record<string, string>>,
): string {
  return text.replace(PLACEHOLDER, (match, name: string) => {
    const replacement = Object.hasOwn(values, name) ? values[name] : undefined;
    if (replacement === undefined) {
      throw new Error(`The agent template uses the unknown placeholder ${match}.`);
    }
    return replacement;
  });
}
