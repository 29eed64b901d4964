import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors.js';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { stripImage } from '../../../src/strip/strip-image.js';
import { corpusFilesOfFormat } from '../../helpers/corpus.js';
import { expectOrientationAndProfileKept } from '../../helpers/corpus-tag-checks.js';
import { describeCorpusFormat } from '../../helpers/describe-corpus-format.js';
import { decodeTiffPages } from './tiff-fixtures.js';

describeCorpusFormat({
  label: 'TIFF',
  formats: ['TIFF'],
  strip: stripImage,
  decodeImages: decodeTiffPages,
  extraChecks: (file) => {
    expect(file.result.format).toBe('tiff');
    expect(file.result.changed).toBe(true);
    expect(file.result.removed).not.toEqual([]);
    expectOrientationAndProfileKept(file);
  },
  extraTests: () => {
    const dngs = corpusFilesOfFormat('DNG');

    it.each(dngs.map((entry) => [entry.localPath, entry] as const))(
      'rejects the DNG %s as unsupported',
      async (_localPath, entry) => {
        const input = await readFile(entry.absolutePath);
        let error: unknown;
        try {
          stripImage(input, DEFAULT_KEEP_POLICY);
        } catch (caught) {
          error = caught;
        }
        expect(isAppError(error) ? error.code : error).toBe('E_UNSUPPORTED_FORMAT');
        expect(isAppError(error) ? error.message : '').toContain('DNG');
      },
    );
  },
});
