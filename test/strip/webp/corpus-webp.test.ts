import { expect } from 'vitest';
import { stripWebp } from '../../../src/strip/webp/strip-webp.js';
import { expectTransformingOrientationKept } from '../../helpers/corpus-tag-checks.js';
import { describeCorpusFormat } from '../../helpers/describe-corpus-format.js';
import { decodeFrames, splitFrames } from '../../helpers/pixels.js';
import { findChunks } from './webp-fixtures.js';

/** Corpus files whose EXIF contains a ComfyUI prompt and workflow. */
const AI_PROMPT_FILES = new Set([
  'files/comfyanonymous-ComfyUI_examples/mochi_simple_checkpoint.webp',
  'files/comfyanonymous-ComfyUI_examples/flux_kontext_example_comic.webp',
]);

describeCorpusFormat({
  label: 'WebP',
  formats: ['Extended WEBP', 'WEBP'],
  strip: stripWebp,
  // The exiv2 proof of concept has a chunk type starting with a non-ASCII byte, then runs of
  // zero bytes. The fuzzed file declares a 4544257×11600195 canvas, then a chunk type of four
  // 0xB1 bytes.
  expectedRejections: {
    'files/Exiv2-exiv2/issue_ghsa_5p8g_9xf3_gfrr_poc.webp': 'E_CORRUPT',
    'files/drewnoakes-metadata-extractor-images/crash-be8afd4d4261d77f4d1ee4188aa7cd09722d1168.fuzzed.webp':
      'E_CORRUPT',
  },
  // A hostile file must be rejected quickly. The budget leaves room for a slow CI machine.
  maxRejectionMs: 1000,
  decodeImages: async (bytes) => splitFrames(await decodeFrames(bytes)),
  // The default policy keeps the orientation, which ExifTool lists with the identifying tags.
  allowedTags: ['EXIF:IFD0:Orientation'],
  extraChecks: (file) => {
    expectTransformingOrientationKept(file);

    const [profile] = findChunks(file.input, 'ICCP');
    if (profile !== undefined) {
      expect(file.result.kept).toContain('icc-profile');
      expect(findChunks(file.result.bytes, 'ICCP')[0]?.data.equals(profile.data)).toBe(true);
    }

    if (AI_PROMPT_FILES.has(file.entry.localPath)) {
      expect(file.result.removed).toContain('ai-prompt');
      expect(file.result.removed, 'no camera behind a workflow').not.toContain('camera-model');
    }
  },
});
