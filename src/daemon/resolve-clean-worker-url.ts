import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors.js';

/**
 * Returns the URL of the compiled clean worker, `clean-worker.js`. A worker thread needs a
 * JavaScript entry file, and Node 20 cannot run TypeScript. Loaded from `dist/` (production),
 * this module finds the worker next to itself. Loaded from `src/` as TypeScript (vitest), it
 * points at `dist/daemon/clean-worker.js`, which the test global setup compiles from the same
 * sources before any test runs. Always using `dist/` keeps one way of starting workers instead
 * of a TypeScript loader that only tests would use. {@link assertWorkerEntryExists} checks
 * that the file is there.
 */
export function resolveCleanWorkerUrl(moduleUrl: string = import.meta.url): URL {
  const isTypeScript = new URL(moduleUrl).pathname.endsWith('.ts');
  const url = isTypeScript
    ? new URL('../../dist/daemon/clean-worker.js', moduleUrl)
    : new URL('./clean-worker.js', moduleUrl);
  return url;
}

/**
 * Checks that the worker entry file exists, so a missing `dist/` fails when the pool is
 * created rather than at the first file.
 *
 * @throws AppError `E_INTERNAL` when `url` names no file, naming it and `npm run build`.
 */
export function assertWorkerEntryExists(url: URL): void {
  const filePath = fileURLToPath(url);
  if (!existsSync(filePath)) {
    throw new AppError(
      'E_INTERNAL',
      `The clean worker ${filePath} is missing, so no file can be cleaned. Run \`npm run build\` to compile it.`,
      { path: filePath },
    );
  }
}
