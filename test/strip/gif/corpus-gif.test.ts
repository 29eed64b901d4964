import sharp from 'sharp';
import { expect } from 'vitest';
import { stripGif } from '../../../src/strip/gif/strip-gif.js';
import { describeCorpusFormat } from '../../helpers/describe-corpus-format.js';
import { decodeFrames, splitFrames } from '../../helpers/pixels.js';

/** Corpus files with an ICC profile extension, which the default policy keeps. */
const ICC_FILES = new Set(['files/exiftool-exiftool/GIF.gif']);

describeCorpusFormat({
  label: 'GIF',
  formats: ['GIF'],
  strip: stripGif,
  // Pillow's zero_width.gif has an image whose LZW minimum code size byte is 143, and ends
  // right after it.
  expectedRejections: { 'files/python-pillow-Pillow/zero_width.gif': 'E_CORRUPT' },
  decodeImages: async (bytes) => splitFrames(await decodeFrames(bytes)),
  extraChecks: async ({ entry, input, result }) => {
    const [inputInfo, outputInfo] = await Promise.all([
      sharp(input, { animated: true }).metadata(),
      sharp(result.bytes, { animated: true }).metadata(),
    ]);
    expect(outputInfo.loop, 'loop count').toBe(inputInfo.loop);
    expect(outputInfo.delay, 'frame delays').toEqual(inputInfo.delay);
    if (ICC_FILES.has(entry.localPath)) {
      expect(result.kept).toEqual(['icc-profile']);
    }
  },
});
