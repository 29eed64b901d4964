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
import { PNG_SIGNATURE, walkPngChunks, type PngChunk, type PngLayout } from './walk-png-chunks.js';

/**
 * Removes metadata from a PNG or APNG file without touching the image data. The image-defining
 * chunks are copied byte for byte and in order, once their contents are checked to be valid
 * for their type, so no other bytes ride along in them. Text chunks, `eXIf`, `tIME`, `caBX`,
 * unknown ancillary chunks, APNG chunks outside an APNG and data after IEND are dropped, and
 * `iCCP` follows `policy.colorProfile` (an invalid profile is dropped). The kept EXIF fields
 * (orientation by default) are written back as one minimal `eXIf` chunk before the first
 * IDAT. A file with nothing to remove comes back as the input array itself.
 *
 * The compressed image data is not inflated here: the structure check does that once.
 *
 * @throws {AppError} `E_CORRUPT` for a bad signature, chunk length, type, CRC or order, too
 *   many chunks, an invalid IHDR or colour chunk, an inconsistent APNG, or a raw EXIF or ICC
 *   profile past its inflation bound. `E_TRUNCATED` when the file ends before IEND, and
 *   `E_UNSUPPORTED_FORMAT` for an unknown critical chunk.
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
  const blocks = [sorting.earlyExif?.inspection ?? null, ...sorting.otherExifBlocks].filter(
    (block): block is ExifInspection => block !== null,
  );
  const keptFields = selectKeptExifFields(sorting.orientationSource, blocks, policy);
  const minimalExif = buildMinimalExif(keptFields.fields);
  const { earlyExif } = sorting;
  // Our own block stays where it is, so cleaning a cleaned file changes nothing.
  const minimalSlot =
    earlyExif !== null && minimalExif !== null && Buffer.from(minimalExif).equals(earlyExif.data)
      ? earlyExif.slot
      : null;
  const isEarlyExifMinimal = minimalSlot !== null;
  const exifChunk =
    minimalExif === null
      ? null
      : {
          index: minimalSlot ?? findExifIndex(sorting),
          bytes: encodePngChunk('eXIf', minimalExif),
        };

  const output = assemblePng(bytes, sorting.keptChunks, exifChunk);
  const kept = sortKinds([...sorting.kept, ...keptFields.kept]);
  if (Buffer.compare(bytes, output) === 0) {
    return { format: 'png', bytes, removed: [], kept, changed: false };
  }
  const removed = getRemovedKinds(sorting, keptFields, isEarlyExifMinimal);
  if (layout.trailerLength > 0) {
    removed.add('trailer');
  }
  return { format: 'png', bytes: output, removed: sortKinds(removed), kept, changed: true };
}

/**
 * Returns where a rebuilt `eXIf` goes among the kept chunks: where the first `eXIf` before
 * the image data stood, else right after IHDR. Either way it sits before the first IDAT (and
 * any APNG chunk) and after PLTE when PLTE precedes the image data.
 */
function findExifIndex(sorting: PngChunkSorting): number {
  const { keptChunks, earlyExif } = sorting;
  const firstImageData = keptChunks.findIndex((chunk) => chunk.type === 'IDAT');
  const palette = keptChunks.findIndex((chunk) => chunk.type === 'PLTE');
  const afterPalette = palette >= 0 && palette < firstImageData ? palette + 1 : 1;
  return Math.max(earlyExif?.slot ?? 1, afterPalette);
}

/**
 * Writes the signature and the kept chunks into one new array, copying each run of chunks
 * that were adjacent in the input at once, and inserts `exifChunk` before the kept chunk at
 * its index. A file of many small chunks thus costs no array per chunk.
 */
function assemblePng(
  input: Uint8Array,
  chunks: readonly PngChunk[],
  exifChunk: { readonly index: number; readonly bytes: Uint8Array } | null,
): Uint8Array {
  let length = PNG_SIGNATURE.length + (exifChunk?.bytes.length ?? 0);
  for (const chunk of chunks) {
    length += chunk.end - chunk.start;
  }
  const output = new Uint8Array(length);
  output.set(PNG_SIGNATURE);
  let position = PNG_SIGNATURE.length;
  let runStart = -1;
  let runEnd = -1;
  const flushRun = (): void => {
    output.set(input.subarray(runStart, runEnd), position);
    position += runEnd - runStart;
    runStart = -1;
  };

  chunks.forEach((chunk, index) => {
    if (index === exifChunk?.index) {
      if (runStart >= 0) {
        flushRun();
      }
      output.set(exifChunk.bytes, position);
      position += exifChunk.bytes.length;
    }
    if (runStart >= 0 && chunk.start !== runEnd) {
      flushRun();
    }
    if (runStart < 0) {
      runStart = chunk.start;
    }
    runEnd = chunk.end;
  });
  if (runStart >= 0) {
    flushRun();
  }
  return output;
}

/**
 * Collects the removed kinds. Every EXIF block other than our own minimal block is removed.
 * One whose removal drops no named kind (slack bytes, another byte order, orientation 1, a
 * copy of the kept orientation) is reported as `exif-other`, so a rewrite never reports nothing.
 */
function getRemovedKinds(
  sorting: PngChunkSorting,
  keptFields: KeptExifFields,
  isEarlyExifMinimal: boolean,
): Set<Kind> {
  const removed = new Set(sorting.removed);
  const { earlyExif, otherExifBlocks } = sorting;
  const removedBlocks =
    earlyExif === null || isEarlyExifMinimal
      ? otherExifBlocks
      : [earlyExif.inspection, ...otherExifBlocks];
  for (const block of removedBlocks) {
    const kinds = getDroppedExifKinds(block, keptFields);
    for (const kind of kinds.length > 0 ? kinds : (['exif-other'] as const)) {
      removed.add(kind);
    }
  }
  return removed;
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
