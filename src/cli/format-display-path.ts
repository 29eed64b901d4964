import path from 'node:path';

/**
 * Shows a path on one terminal line: relative to `cwd` when it lies below it, with control
 * characters (a newline in a file name, say) written as `\n` or `\xNN`.
 */
export function formatDisplayPath(filePath: string, cwd: string): string {
  let displayed = filePath;
  if (path.isAbsolute(filePath)) {
    const relative = path.relative(cwd, filePath);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      displayed = relative;
    }
  }
  return escapeControlCharacters(displayed);
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** True for C0 and C1 control characters and DEL, which a terminal would act on. */
function isControlCharacter(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}

function escapeControlCharacters(text: string): string {
  let escaped = '';
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (isControlCharacter(codePoint)) {
      escaped += NAMED_ESCAPES[character] ?? `\\x${codePoint.toString(16).padStart(2, '0')}`;
    } else {
      escaped += character;
    }
  }
  return escaped;
}
