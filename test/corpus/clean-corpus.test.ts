import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY } from '../../src/strip/keep-policy.js';
import { stripImage } from '../../src/strip/strip-image.js';
import { verifyClean } from '../../src/verify/verify-clean.js';
import { hasBuiltCli, runBin } from '../cli/run-cli.js';
import { CORPUS_DIR, loadCorpus } from '../helpers/corpus.js';
import {
  closeExifTool,
  isExifToolAvailable,
  listIdentifyingTags,
  readAllTags,
} from '../helpers/exiftool.js';
import { createTempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { collectIdentifyingValues, findLeakedValues } from './find-leaked-values.js';

const entries = loadCorpus() ?? [];
const canRun = entries.length > 0 && isExifToolAvailable();

afterAll(async () => {
  await closeExifTool();
  await removeTempDirs();
});

/** One file of `metaclear clean --json` output. */
interface CleanEntry {
  readonly input: string;
  readonly output: string | null;
  readonly status: string;
  readonly code: string | null;
  readonly reason: string | null;
}

describe.runIf(canRun)('cleaning the whole corpus', () => {
  it.each(entries.map((entry) => [entry.localPath, entry] as const))(
    'leaves no identifying value of %s',
    async (_localPath, entry) => {
      const input = new Uint8Array(await readFile(entry.absolutePath));
      let result;
      try {
        result = stripImage(input, DEFAULT_KEEP_POLICY);
      } catch (error) {
        // A refusal publishes nothing; the CLI test below checks it carries a code.
        expect(isAppError(error)).toBe(true);
        return;
      }
      verifyClean(input, result, DEFAULT_KEEP_POLICY);
      const values = collectIdentifyingValues(await readAllTags(entry.absolutePath));

      expect(await findLeakedValues(values, result.bytes)).toEqual([]);
    },
  );

  it('finds identifying values in an uncleaned file', async () => {
    const file = path.join(CORPUS_DIR, 'files/exiftool-exiftool/ExifTool.jpg');
    const values = collectIdentifyingValues(await readAllTags(file));

    expect(values.length).toBeGreaterThan(0);
    expect((await findLeakedValues(values, await readFile(file))).length).toBeGreaterThan(0);
  });

  it.runIf(hasBuiltCli())(
    'cleans or refuses every file through metaclear clean',
    async () => {
      const home = await createTempDir();
      const outDir = path.join(await createTempDir(), 'out');
      const run = await runBin(
        ['clean', '--out', outDir, '--json', path.join(CORPUS_DIR, 'files')],
        { home },
      );
      const files = (JSON.parse(run.stdout.toString('utf8')) as { files: CleanEntry[] }).files;

      expect(files).toHaveLength(entries.length);
      const published = (await readdir(outDir, { recursive: true, withFileTypes: true }))
        .filter((item) => item.isFile())
        .map((item) => path.join(item.parentPath, item.name))
        .sort();
      const outputs = files.flatMap((file) => (file.output === null ? [] : [file.output])).sort();
      expect(published, 'only reported outputs are published').toEqual(outputs);
      for (const file of files) {
        const name = path.relative(CORPUS_DIR, file.input);
        if (file.status === 'cleaned' || file.status === 'already-clean') {
          expect(file.output, name).not.toBeNull();
          const output = file.output ?? '';
          expect(listIdentifyingTags(await readAllTags(output)), name).toEqual([]);
          const values = collectIdentifyingValues(await readAllTags(file.input));
          expect(await findLeakedValues(values, await readFile(output)), name).toEqual([]);
        } else {
          expect(['unsupported', 'failed', 'skipped'], name).toContain(file.status);
          expect(file.output, name).toBeNull();
          expect(file.code, name).toMatch(/^E_[A-Z_]+$/);
          expect(file.reason?.length ?? 0, name).toBeGreaterThan(0);
        }
      }
    },
    300_000,
  );
});
