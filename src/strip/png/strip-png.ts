import { sortKinds, type Kind } from '../../shared/kinds.js';
import { buildMinimalExif } from '../exif/build-minimal-exif.js';
import type { ExifInspection } from '../exif/inspect-exif.js';
import type { KeepPolicy } from '../keep-policy.js';
import type { StripResult } from '../strip-result.js';
import { encodePngChunk } from './encode-png-chunk.js';
import {
  isTransformingOrientation,
  selectKeptExifFields,
  type KeptExifFields,
} from './select-kept-exif-fields.js';
import { sortPngChunks, type PngChunkSorting } from './sort-png-chunks.js';
import { PNG_SIGNATURE, walkPngChunks, type PngLayout } from './walk-png-chunks.js';

/**
 * Removes metadata from a PNG or APNG file without touching the image data. The image-defining
 * chunks are copied byte for byte and in order. Text chunks, `eXIf`, `tIME`, `caBX`, unknown
 * ancillary chunks and data after IEND are dropped, and `iCCP` follows `policy.colorProfile`.
 * The kept EXIF fields (orientation by default) are written back as one minimal `eXIf` chunk
 * before the first IDAT. A file with nothing to remove comes back as the input array itself.
 *
 * @throws {AppError} `E_CORRUPT` for a bad signature, chunk length, type or CRC,
 *   `E_TRUNCATED` when the file ends before IEND, and `E_UNSUPPORTED_FORMAT` for an unknown
 *   critical chunk.
 * @example
 * const result = stripPng(await readFile('shot.png'), DEFAULT_KEEP_POLICY);
 * if (result.changed) await writeFile('shot-clean.png', result.bytes);
 */
export function stripPng(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const layout = walkPngChunks(bytes);
  const hasContentCredentials = layout.chunks.some((chunk) => chunk.type === 'caBX');
  if (policy.contentCredentials && hasContentCredentials) {
    // A C2PA manifest's hard binding covers every other byte, so it survives only untouched.
    const untouched = rewritePng(bytes, layout, policy, true);
    if (!untouched.changed) {
      return untouched;
    }
    // TODO: keep an AI disclosure as XMP with only Iptc4xmpExt:DigitalSourceType here.
  }
  return rewritePng(bytes, layout, policy, false);
}

function rewritePng(
  bytes: Uint8Array,
  layout: PngLayout,
  policy: KeepPolicy,
  keepContentCredentials: boolean,
): StripResult {
  const sorting = sortPngChunks(layout.chunks, { policy, keepContentCredentials });
  const keptFields = selectKeptExifFields(sorting.orientationSource, sorting.exifBlocks, policy);
  const minimalExif = buildMinimalExif(keptFields.fields);
  const chunks: Uint8Array[] = sorting.keptChunks.map((chunk) => chunk.bytes);
  if (minimalExif !== null) {
    chunks.splice(findExifIndex(sorting), 0, encodePngChunk('eXIf', minimalExif));
  }

  const output = Buffer.concat([PNG_SIGNATURE, ...chunks]);
  const kept = sortKinds([...sorting.kept, ...keptFields.kept]);
  if (Buffer.compare(bytes, output) === 0) {
    return { format: 'png', bytes, removed: [], kept, changed: false };
  }
  const removed = getRemovedKinds(sorting, keptFields, layout.trailerLength > 0);
  return { format: 'png', bytes: output, removed, kept, changed: true };
}

/**
 * Returns where the minimal `eXIf` goes among the kept chunks: where the first `eXIf` before
 * the image data stood, else right after IHDR. Either way it sits before the first IDAT (and
 * any APNG chunk) and after PLTE when PLTE precedes the image data.
 */
function findExifIndex(sorting: PngChunkSorting): number {
  const { keptChunks, exifSlot } = sorting;
  const firstImageData = keptChunks.findIndex((chunk) => chunk.type === 'IDAT');
  const palette = keptChunks.findIndex((chunk) => chunk.type === 'PLTE');
  const afterPalette = palette >= 0 && palette < firstImageData ? palette + 1 : 1;
  return Math.max(exifSlot ?? 1, afterPalette);
}

function getRemovedKinds(
  sorting: PngChunkSorting,
  keptFields: KeptExifFields,
  hasTrailer: boolean,
): Kind[] {
  const removed = new Set(sorting.removed);
  if (hasTrailer) {
    removed.add('trailer');
  }
  for (const block of sorting.exifBlocks) {
    for (const kind of getDroppedExifKinds(block, keptFields)) {
      removed.add(kind);
    }
  }
  return sortKinds(removed);
}

/**
 * Returns the kinds an EXIF block loses: everything beyond the minimal fields, plus each
 * minimal field whose value is not written back. Orientation 1 changes nothing, so only a
 * dropped rotation or mirroring counts.
 */
function getDroppedExifKinds(block: ExifInspection, keptFields: KeptExifFields): Kind[] {
  const { fields } = keptFields;
  const kinds = [...block.kindsBeyondMinimal];
  const isOrientationDropped =
    isTransformingOrientation(block.orientation) && fields.orientation === undefined;
  if (isOrientationDropped) {
    kinds.push('orientation');
  }
  const isDateDropped =
    (block.captureDate !== null && block.captureDate !== fields.captureDate) ||
    (block.offsetTimeOriginal !== null && block.offsetTimeOriginal !== fields.offsetTimeOriginal);
  if (isDateDropped) {
    kinds.push('datetime');
  }
  if (block.copyright !== null && block.copyright !== fields.copyright) {
    kinds.push('owner');
  }
  return kinds;
}
