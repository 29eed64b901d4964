import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import { createUsageError } from './create-usage-error.js';

/**
 * Creates the `--out` folder when it is missing and returns its real path.
 *
 * @throws {AppError} `E_USAGE` when the path exists and is not a folder, `E_WRITE_FAILED` when
 *   it cannot be created.
 */
export async function prepareOutDir(outDir: string): Promise<string> {
  const absolutePath = path.resolve(outDir);
  try {
    await mkdir(absolutePath, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw createUsageError(
        `\`--out ${outDir}\` is not a folder; give a folder path, which is created if missing.`,
      );
    }
    throw new AppError(
      'E_WRITE_FAILED',
      `Cannot create the --out folder ${outDir} (${code ?? String(error)}); ` +
        'check that its parent exists and is writable.',
      { cause: error, path: absolutePath },
    );
  }
  // mkdir succeeds on an existing path only when it is a folder or a link to one.
  return realpath(absolutePath);
}
