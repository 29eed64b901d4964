import type { ItemReference } from './item-reference-box.js';

/**
 * The item references of a HEIF file, indexed both ways so that each lookup costs the same
 * however many references a hostile file declares.
 */
export class ItemGraph {
  readonly #targets = new Map<string, number[]>();
  readonly #sources = new Map<string, number[]>();

  constructor(references: readonly ItemReference[]) {
    for (const { type, fromItemId, toItemIds } of references) {
      appendTo(this.#targets, `${type}:${fromItemId}`, toItemIds);
      for (const toItemId of toItemIds) {
        appendTo(this.#sources, `${type}:${toItemId}`, [fromItemId]);
      }
    }
  }

  /** Returns the items that `itemId` refers to with references of `type`, in order. */
  getTargets(type: string, itemId: number): readonly number[] {
    return this.#targets.get(`${type}:${itemId}`) ?? [];
  }

  /** Returns the items that refer to `itemId` with references of `type`. */
  getSources(type: string, itemId: number): readonly number[] {
    return this.#sources.get(`${type}:${itemId}`) ?? [];
  }

  /** Returns true when `itemId` refers to anything with a reference of `type`. */
  hasReference(type: string, itemId: number): boolean {
    return this.#targets.has(`${type}:${itemId}`);
  }
}

function appendTo(map: Map<string, number[]>, key: string, values: readonly number[]): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [...values]);
  } else {
    list.push(...values);
  }
}
