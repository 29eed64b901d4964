import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { reportMissingDependency } from '../helpers/ci.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IS_BUILT = existsSync(path.join(REPO_ROOT, 'dist', 'daemon', 'run-daemon.js'));

if (!IS_BUILT) {
  reportMissingDependency('dist/ (the compiled daemon)', 'Run `npm run build` first.');
}

/** A module hook that writes every package name the program imports to stderr, one per line. */
const HOOK_SOURCE = `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, nextResolve) {
  if (!specifier.startsWith('.') && !specifier.startsWith('node:') && !specifier.includes(':')) {
    writeSync(2, 'package ' + specifier + '\\n');
  }
  return nextResolve(specifier, context);
}
`;

/** Imports a compiled module in a fresh Node process and lists the packages it imported. */
async function listImportedPackages(modulePath: string): Promise<string[]> {
  const hookUrl = `data:text/javascript,${encodeURIComponent(HOOK_SOURCE)}`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hookUrl)});`;
  const { stderr } = await promisify(execFile)(process.execPath, [
    '--import',
    `data:text/javascript,${encodeURIComponent(register)}`,
    '--input-type=module',
    '--eval',
    `await import(${JSON.stringify(pathToFileURL(modulePath).href)});`,
  ]);
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('package '))
    .map((line) => line.slice('package '.length));
}

describe.skipIf(!IS_BUILT)('daemon main thread imports', () => {
  it('leaves sharp and ExifReader to the workers', async () => {
    const packages = await listImportedPackages(
      path.join(REPO_ROOT, 'dist', 'daemon', 'run-daemon.js'),
    );

    expect(packages).toContain('chokidar');
    expect(packages).not.toContain('sharp');
    expect(packages).not.toContain('exifreader');
  });

  it('sees both in the cleaning code', async () => {
    const cleaning = await listImportedPackages(
      path.join(REPO_ROOT, 'dist', 'commit', 'clean-bytes.js'),
    );
    const reencoding = await listImportedPackages(
      path.join(REPO_ROOT, 'dist', 'commit', 'reencode-image.js'),
    );

    expect(cleaning).toContain('exifreader');
    expect(reencoding).toContain('sharp');
  });
});
