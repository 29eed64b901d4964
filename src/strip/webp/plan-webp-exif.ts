import type { Kind } from '../../shared/kinds.js';
import { buildMinimalExif, type MinimalExifFields } from '../exif/build-minimal-exif.js';
import { findAiPromptInExif } from '../exif/find-ai-prompt-in-exif.js';
import { inspectExif, type ExifInspection } from '../exif/inspect-exif.js';
import type { KeepPolicy } from '../keep-policy.js';

/** The decision for a WebP file's `EXIF` chunks. */
export interface WebpExifPlan {
  /** The payload of the one `EXIF` chunk to write (our minimal block), or null for none. */
  readonly tiff: Uint8Array | null;
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
}

/** "Exif\0\0", which some writers put before the TIFF header, as in a JPEG APP1 segment. */
const EXIF_PREFIX = Buffer.from('Exif\0\0', 'latin1');

/**
 * Decides what replaces the `EXIF` chunks of a WebP file: our minimal block with the values
 * the policy keeps from the first chunk, or nothing. Every other tag and every further chunk
 * is reported as removed by kind, and a generator's prompt or workflow as `ai-prompt`.
 */
export function planWebpExif(payloads: readonly Uint8Array[], policy: KeepPolicy): WebpExifPlan {
  const blocks = payloads.map(removeExifPrefix);
  const [first, ...others] = blocks;
  if (first === undefined) {
    return { tiff: null, removed: new Set(), kept: new Set() };
  }
  const { fields, removed, kept } = selectKeptFields(inspectExif(first), policy);
  replacePromptKinds(first, removed);
  for (const other of others) {
    const { kinds } = inspectExif(other);
    const otherRemoved = new Set<Kind>(kinds.size > 0 ? kinds : ['exif-other']);
    replacePromptKinds(other, otherRemoved);
    addAll(removed, otherRemoved);
  }

  const tiff = buildMinimalExif(fields);
  const isUnchanged = tiff !== null && blocks.length === 1 && Buffer.from(first).equals(tiff);
  if (!isUnchanged && removed.size === 0) {
    // The block held nothing we name (an empty IFD1, orientation 1, padding), yet it goes.
    removed.add('exif-other');
  }
  return { tiff, removed, kept };
}

/**
 * Reports a generator's prompt as `ai-prompt`, in place of the kinds that only the tags holding
 * it have: ComfyUI's workflow in Make and Model names no camera.
 */
function replacePromptKinds(tiff: Uint8Array, removed: Set<Kind>): void {
  const finding = findAiPromptInExif(tiff);
  if (!finding.hasPrompt) {
    return;
  }
  for (const kind of finding.kindsOnlyInPrompts) {
    removed.delete(kind);
  }
  removed.add('ai-prompt');
}

/** Returns an `EXIF` payload from its TIFF header on, without a leading `Exif\0\0`. */
export function removeExifPrefix(payload: Uint8Array): Uint8Array {
  const hasPrefix = EXIF_PREFIX.equals(payload.subarray(0, EXIF_PREFIX.length));
  return hasPrefix ? payload.subarray(EXIF_PREFIX.length) : payload;
}

/** Splits a block's values into the fields to write back and the kinds removed or kept. */
function selectKeptFields(
  inspection: ExifInspection,
  policy: KeepPolicy,
): { fields: MinimalExifFields; removed: Set<Kind>; kept: Set<Kind> } {
  const removed = new Set<Kind>(inspection.kindsBeyondMinimal);
  const kept = new Set<Kind>();
  let fields: MinimalExifFields = {};
  const { orientation, captureDate, offsetTimeOriginal, copyright } = inspection;
  if (orientation !== null && orientation !== 1) {
    if (policy.orientation === true) {
      fields = { ...fields, orientation };
      kept.add('orientation');
    } else {
      removed.add('orientation');
    }
  }
  if (captureDate !== null && policy.captureDate) {
    fields = { ...fields, captureDate };
    kept.add('capture-date');
    if (offsetTimeOriginal !== null) {
      fields = { ...fields, offsetTimeOriginal };
    }
  } else if (captureDate !== null || offsetTimeOriginal !== null) {
    removed.add('datetime');
  }
  if (copyright !== null && policy.copyright) {
    fields = { ...fields, copyright };
    kept.add('copyright');
  } else if (copyright !== null) {
    removed.add('owner');
  }
  return { fields, removed, kept };
}

function addAll(target: Set<Kind>, kinds: Iterable<Kind>): void {
  for (const kind of kinds) {
    target.add(kind);
  }
}
