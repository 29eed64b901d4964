import type { Kind } from '../../shared/kinds.js';
import type { IsoBox } from './read-boxes.js';

/** The `uuid` box extended type of a C2PA manifest store in ISO-BMFF files. */
const C2PA_UUID = 'd8fec3d61b0e483c92975828877ec481';

/** The `uuid` box extended type of an XMP packet in ISO-BMFF files (Adobe XMP, part 3). */
const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';

/**
 * Top-level box types by the kind they are reported as: Samsung's Motion Photo video
 * (`mpvd`), Samsung's trailer directory (`sefd`, the same SEF trailer Samsung appends to
 * JPEGs), and JUMBF (`jumb`, where C2PA content credentials live).
 */
const BOX_KINDS: ReadonlyMap<string, Kind> = new Map([
  ['mpvd', 'motion-photo'],
  ['sefd', 'trailer'],
  ['jumb', 'c2pa'],
]);

/**
 * Returns the kind a box that the rewrite drops is reported as, or null for padding (`free`
 * or `skip` holding only zero bytes). A `uuid` box is C2PA or XMP by its extended type.
 * Anything else is `unknown-block`.
 */
export function classifyDroppedBox(bytes: Uint8Array, box: IsoBox): Kind | null {
  if (box.type === 'free' || box.type === 'skip') {
    const isPadding = bytes.subarray(box.payloadStart, box.end).every((byte) => byte === 0);
    return isPadding ? null : 'unknown-block';
  }
  if (box.type === 'uuid') {
    const extendedType = Buffer.from(bytes.subarray(box.payloadStart, box.payloadStart + 16));
    const hex = extendedType.toString('hex');
    if (hex === C2PA_UUID) {
      return 'c2pa';
    }
    return hex === XMP_UUID ? 'xmp' : 'unknown-block';
  }
  return BOX_KINDS.get(box.type) ?? 'unknown-block';
}

/** Returns true for the boxes that carry C2PA content credentials. */
export function isContentCredentialsBox(bytes: Uint8Array, box: IsoBox): boolean {
  return classifyDroppedBox(bytes, box) === 'c2pa';
}
