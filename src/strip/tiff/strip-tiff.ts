import { AppError } from '../../shared/errors.js';
import { sortKinds, type Kind } from '../../shared/kinds.js';
import { buildAdobeRgbProfile } from '../exif/build-adobe-rgb-profile.js';
import type { KeepPolicy } from '../keep-policy.js';
import type { StripResult } from '../strip-result.js';
import { addReferencedRanges } from './add-referenced-ranges.js';
import { ByteRanges } from './byte-ranges.js';
import { detectTiffRawFormat } from './detect-tiff-raw-format.js';
import { planTiffPage, type TiffPagePlan } from './plan-tiff-page.js';
import { createExifIfdInspector } from './inspect-tiff-exif-ifd.js';
import { readAllImageBlocks } from './read-image-blocks.js';
import { measureIfdTable, readTiffPages, type TiffFile } from './read-tiff-pages.js';
import { writeTiff } from './write-tiff.js';

const HEADER_SIZE = 8;

/**
 * Removes metadata from a classic TIFF without touching its image data. Every page of the IFD
 * chain keeps only its image structure tags, plus Orientation, the ICC profile, Copyright and
 * the capture date when the policy keeps them. The strips and tiles are copied byte for byte. The
 * output is rewritten compactly, so no bytes of the removed metadata survive in it. A file
 * that holds only kept tags and no unreferenced bytes comes back as the input array itself,
 * `changed: false`. Data that nothing in the file references is reported as `unknown-block`.
 *
 * @throws AppError `E_UNSUPPORTED_FORMAT` for camera RAW files (DNG, CR2, NEF, ARW, ...),
 *   BigTIFF and old-style JPEG compression; `E_CORRUPT` or `E_TRUNCATED` for a damaged file.
 * @example
 * const result = stripTiff(await readFile('scan.tif'), DEFAULT_KEEP_POLICY);
 * result.removed; // ['camera-model', 'software', 'xmp']
 */
export function stripTiff(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const rawFormat = detectTiffRawFormat(bytes);
  if (rawFormat !== null) {
    throw new AppError(
      'E_UNSUPPORTED_FORMAT',
      `${rawFormat} files are not supported: MetaClear does not clean camera RAW files, which keep sensor data and previews in vendor layouts.`,
    );
  }
  const file = readTiffPages(bytes);
  const plans = planPages(file, policy);
  const kept = sortKinds(plans.flatMap((plan) => [...plan.kept]));
  if (isUnchanged(file, plans)) {
    return { format: 'tiff', bytes, removed: [], kept, changed: false };
  }

  const removed = new Set<Kind>(plans.flatMap((plan) => [...plan.removed]));
  if (hasUnreferencedBytes(file)) {
    removed.add('unknown-block');
  }
  const profile = plans.some((plan) => plan.addsAdobeRgbProfile) ? buildAdobeRgbProfile() : null;
  const output = writeTiff(
    file.reader,
    plans.map((plan) => ({ plan, addedIccProfile: plan.addsAdobeRgbProfile ? profile : null })),
  );
  return { format: 'tiff', bytes: output, removed: sortKinds(removed), kept, changed: true };
}

function planPages(file: TiffFile, policy: KeepPolicy): TiffPagePlan[] {
  const context = {
    reader: file.reader,
    policy,
    inspectExifIfd: createExifIfdInspector(file.reader),
  };
  return readAllImageBlocks(file).map(({ page, blocks }, index) =>
    planTiffPage(context, page, index + 1, blocks),
  );
}

/**
 * Returns true when every page keeps all its tags and the kept structures reference every
 * byte of the file apart from alignment padding.
 */
function isUnchanged(file: TiffFile, plans: readonly TiffPagePlan[]): boolean {
  if (!plans.every((plan) => plan.isUnchanged)) {
    return false;
  }
  const ranges = new ByteRanges();
  ranges.add(0, HEADER_SIZE);
  const keptExifIfdOffsets = new Set<number>();
  file.pages.forEach((page, index) => {
    const plan = plans[index];
    ranges.add(page.offset, measureIfdTable(page.entries.length));
    for (const entry of plan?.keptEntries ?? []) {
      if (entry.valueLength !== null && entry.valueLength > 4) {
        ranges.add(entry.valueOffset, entry.valueLength);
      }
    }
    addBlockRanges(plan, ranges);
    if (plan?.keptExifIfdOffset != null) {
      keptExifIfdOffsets.add(plan.keptExifIfdOffset);
    }
  });
  addReferencedRanges(file.reader, keptExifIfdOffsets, ranges);
  return ranges.countUnreferencedBytes(file.reader.bytes.length) === 0;
}

function addBlockRanges(plan: TiffPagePlan | undefined, ranges: ByteRanges): void {
  const offsets = plan?.blocks.offsets ?? [];
  const byteCounts = plan?.blocks.byteCounts ?? [];
  for (let index = 0; index < offsets.length; index += 1) {
    ranges.add(offsets[index] ?? 0, byteCounts[index] ?? 0);
  }
}

/** Returns true when bytes beyond alignment padding lie outside every structure of the file. */
function hasUnreferencedBytes(file: TiffFile): boolean {
  const ranges = new ByteRanges();
  ranges.add(0, HEADER_SIZE);
  const pageOffsets = file.pages.map((page) => page.offset);
  addReferencedRanges(file.reader, pageOffsets, ranges);
  return ranges.countUnreferencedBytes(file.reader.bytes.length) > 0;
}
