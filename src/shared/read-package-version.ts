import { readFile } from 'node:fs/promises';

/**
 * Reads the `version` field of MetaClear's `package.json`. The path is relative to this module,
 * which sits two levels below the package root both as `src/shared/` and as `dist/shared/`.
 */
export async function readPackageVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  const manifest: unknown = JSON.parse(text);
  if (
    typeof manifest === 'object' &&
    manifest !== null &&
    'version' in manifest &&
    typeof manifest.version === 'string'
  ) {
    return manifest.version;
  }
  throw new Error('package.json has no string `version` field');
}
