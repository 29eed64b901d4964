import type { Kind } from '../../shared/kinds.js';

/** "Photoshop 3.0\0", the identifier of an APP13 image resource block. */
const IDENTIFIER_SIZE = 14;

/** Image resource ids whose content has its own kind. Every other resource counts as `iptc`. */
const RESOURCE_KINDS: ReadonlyMap<number, Kind> = new Map<number, Kind>([
  [0x0409, 'thumbnail'], // Photoshop 4 thumbnail
  [0x040c, 'thumbnail'], // Photoshop 5+ thumbnail
  [0x0422, 'exif-other'], // EXIF data 1
  [0x0423, 'exif-other'], // EXIF data 3
  [0x0424, 'xmp'], // XMP packet
]);

/**
 * Returns the kinds in an APP13 Photoshop payload: always `iptc` (the IPTC record and the
 * Photoshop resources around it), plus `thumbnail`, `xmp` or `exif-other` for resources that
 * hold those. Parsing stops quietly at the first malformed resource, because the whole segment
 * is removed either way.
 */
export function findPhotoshopKinds(payload: Uint8Array): Set<Kind> {
  const kinds = new Set<Kind>(['iptc']);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let offset = IDENTIFIER_SIZE;
  while (offset + 12 <= payload.length && isResourceSignature(payload, offset)) {
    const id = view.getUint16(offset + 4);
    const nameLength = payload[offset + 6] ?? 0;
    const sizeOffset = offset + 6 + padToEven(nameLength + 1);
    if (sizeOffset + 4 > payload.length) {
      break;
    }
    const kind = RESOURCE_KINDS.get(id);
    if (kind !== undefined) {
      kinds.add(kind);
    }
    offset = sizeOffset + 4 + padToEven(view.getUint32(sizeOffset));
  }
  return kinds;
}

/** Returns true for "8BIM", the signature of every Photoshop image resource. */
function isResourceSignature(payload: Uint8Array, offset: number): boolean {
  return (
    payload[offset] === 0x38 &&
    payload[offset + 1] === 0x42 &&
    payload[offset + 2] === 0x49 &&
    payload[offset + 3] === 0x4d
  );
}

function padToEven(size: number): number {
  return size + (size % 2);
}
