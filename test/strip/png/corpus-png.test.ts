import { expect } from 'vitest';
import { DEFAULT_KEEP_POLICY } from '../../../src/strip/keep-policy.js';
import { stripPng } from '../../../src/strip/png/strip-png.js';
import { verifyPngStructure } from '../../../src/verify/verify-png-structure.js';
import { verifyWithSecondReader } from '../../../src/verify/verify-with-second-reader.js';
import { expectTransformingOrientationKept } from '../../helpers/corpus-tag-checks.js';
import { describeCorpusFormat } from '../../helpers/describe-corpus-format.js';
import { decodePixels } from '../../helpers/pixels.js';
import { findChunks } from '../../helpers/png-chunks.js';

describeCorpusFormat({
  label: 'PNG',
  formats: ['PNG'],
  strip: stripPng,
  verify: (input, result, policy) => {
    verifyPngStructure(input, result.bytes, policy);
  },
  expectedRejections: { 'files/lovell-sharp/truncated.png': 'E_TRUNCATED' },
  decodeImages: async (bytes) => [await decodePixels(bytes)],
  extraChecks: (file) => {
    expectTransformingOrientationKept(file);

    const [profile] = findChunks(file.input, 'iCCP');
    if (profile !== undefined) {
      expect(file.result.kept).toContain('icc-profile');
      expect(findChunks(file.result.bytes, 'iCCP')[0]?.data.equals(profile.data)).toBe(true);
    }

    expect(() => {
      verifyWithSecondReader(file.result, DEFAULT_KEEP_POLICY);
    }, 'second reader').not.toThrow();
  },
});
