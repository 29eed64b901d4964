import type { Kind } from '../../shared/kinds.js';
import type { ExifInspection } from '../exif/inspect-exif.js';
import type { KeepPolicy } from '../keep-policy.js';

/** The fields of the minimal EXIF block, and the kinds they are reported as in `kept`. */
export interface KeptExifFields {
  readonly fields: {
    orientation?: number;
    captureDate?: string;
    offsetTimeOriginal?: string;
    copyright?: string;
  };
  readonly kept: ReadonlySet<Kind>;
}

/**
 * Selects what the policy keeps from a file's EXIF blocks: the orientation of
 * `orientationSource` when it rotates or mirrors (2-8), and the first capture date and
 * copyright found in `blocks`, in their order.
 */
export function selectKeptExifFields(
  orientationSource: ExifInspection | null,
  blocks: readonly ExifInspection[],
  policy: KeepPolicy,
): KeptExifFields {
  const fields: KeptExifFields['fields'] = {};
  const kept = new Set<Kind>();

  const orientation = orientationSource?.orientation ?? null;
  if (policy.orientation === true && isTransformingOrientation(orientation)) {
    fields.orientation = orientation;
    kept.add('orientation');
  }

  const dated = policy.captureDate ? blocks.find((block) => block.captureDate !== null) : undefined;
  if (dated?.captureDate != null) {
    fields.captureDate = dated.captureDate;
    if (dated.offsetTimeOriginal !== null) {
      fields.offsetTimeOriginal = dated.offsetTimeOriginal;
    }
    kept.add('capture-date');
  }

  // TODO: PNG text Copyright and Creation Time are dropped even when the policy keeps them.
  const owned = policy.copyright ? blocks.find((block) => block.copyright !== null) : undefined;
  if (owned?.copyright != null) {
    fields.copyright = owned.copyright;
    kept.add('copyright');
  }
  return { fields, kept };
}

/** Returns true for EXIF orientations 2-8, which rotate or mirror; 1 is the identity. */
export function isTransformingOrientation(orientation: number | null): orientation is number {
  return (
    orientation !== null && Number.isInteger(orientation) && orientation >= 2 && orientation <= 8
  );
}
