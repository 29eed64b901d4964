import type { IsoBox } from './read-boxes.js';
import type { HeifMeta } from './read-heif-meta.js';

/** One property as associated with an item. */
export interface AssociatedProperty {
  readonly box: IsoBox;
  /** The 1-based index into `ipco`. */
  readonly index: number;
  readonly isEssential: boolean;
}

/**
 * Maps each item ID to its properties, in association order. Index 0, which means "no
 * property", is skipped.
 */
export function mapItemProperties(meta: HeifMeta): ReadonlyMap<number, AssociatedProperty[]> {
  const map = new Map<number, AssociatedProperty[]>();
  const properties = meta.properties?.properties ?? [];
  for (const box of meta.properties?.associationBoxes ?? []) {
    for (const entry of box.entries) {
      const associated: AssociatedProperty[] = [];
      for (const { index, isEssential } of entry.associations) {
        const property = properties[index - 1];
        if (property !== undefined) {
          associated.push({ box: property, index, isEssential });
        }
      }
      map.set(entry.itemId, associated);
    }
  }
  return map;
}
