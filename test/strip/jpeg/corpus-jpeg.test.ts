import { writeFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { stripJpeg } from '../../../src/strip/jpeg/strip-jpeg.js';
import { verifyJpegStructure } from '../../../src/verify/verify-jpeg-structure.js';
import { expectOrientationAndProfileKept } from '../../helpers/corpus-tag-checks.js';
import {
  describeCorpusFormat,
  type CleanedCorpusFile,
} from '../../helpers/describe-corpus-format.js';
import { listIdentifyingTags, readAllTags } from '../../helpers/exiftool.js';
import { decodePixels } from '../../helpers/pixels.js';
import { sliceMpfImages } from './mpf-fixtures.js';

/**
 * The input images each multi-picture corpus file keeps, by index in its MPF index: the
 * primary and an Ultra HDR gain map, both views of a stereo pair. ExifTool.jpg's index
 * declares only a preview, which goes.
 */
const KEPT_MPF_IMAGES: Readonly<Record<string, readonly number[]>> = {
  'files/lovell-sharp/gain-map.jpg': [0, 1],
  'files/python-pillow-Pillow/sugarshack.mpo': [0, 1],
};

/**
 * Asserts that each kept image of a multi-picture file, sliced at its MPF offsets, decodes to
 * the same pixels as before, and that ExifTool finds no identifying tag in the images after
 * the primary. A file without an MPF index is one image.
 */
async function expectKeptImagesUnchanged(file: CleanedCorpusFile): Promise<void> {
  const { entry, input, result, outputPath } = file;
  const inputImages = sliceMpfImages(input);
  const outputImages = sliceMpfImages(result.bytes);
  const keptImages = KEPT_MPF_IMAGES[entry.localPath] ?? [0];
  expect(outputImages).toHaveLength(keptImages.length);

  for (const [index, inputIndex] of keptImages.entries()) {
    const [inputPixels, outputPixels] = await Promise.all([
      decodePixels(inputImages[inputIndex] ?? input),
      decodePixels(outputImages[index] ?? result.bytes),
    ]);
    expect(outputPixels.width).toBe(inputPixels.width);
    expect(outputPixels.height).toBe(inputPixels.height);
    expect(outputPixels.data.equals(inputPixels.data)).toBe(true);
    if (index > 0) {
      const imagePath = `${outputPath}.image-${index}.jpg`;
      await writeFile(imagePath, outputImages[index] ?? new Uint8Array(0));
      expect(listIdentifyingTags(await readAllTags(imagePath))).toEqual([]);
    }
  }
}

describeCorpusFormat({
  label: 'JPEG',
  formats: ['JPEG', 'MPO'],
  strip: stripJpeg,
  verify: (input, result, policy) => {
    verifyJpegStructure(input, result.bytes, policy);
  },
  // These files are broken in a way no cleaner may paper over.
  expectedRejections: {
    // Scan data ends in the middle of a progressive scan, with no EOI.
    'files/python-pillow-Pillow/truncated_jpeg.jpg': 'E_TRUNCATED',
    // An undefined marker (0xFF9F) interrupts the scan data.
    'files/ianare-exif-samples/corrupted.jpg': 'E_CORRUPT',
    // Fuzzer output: bytes that are no marker right after the JFIF segment.
    'files/Exiv2-exiv2/issue_1833_poc.jpg': 'E_CORRUPT',
  },
  extraChecks: async (file) => {
    expectOrientationAndProfileKept(file);
    await expectKeptImagesUnchanged(file);
  },
});
