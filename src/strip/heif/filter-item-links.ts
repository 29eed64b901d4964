import type { Kind } from '../../shared/kinds.js';
import type { EntityGroup } from './entity-groups-box.js';
import { KEPT_GROUP_TYPES, KEPT_REFERENCE_TYPES } from './heif-item-types.js';
import type { ItemReference } from './item-reference-box.js';

/**
 * Keeps the references from kept items whose type ties images together, each narrowed to kept
 * targets. `cdsc` ("content describes") survives only from the rewritten metadata items (our
 * Exif block and gain-map XMP). A reference of another type from a kept item is reported in
 * `removed` as `unknown-block`.
 */
export function filterItemReferences(
  references: readonly ItemReference[],
  keptItemIds: ReadonlySet<number>,
  describingItemIds: ReadonlySet<number>,
  removed: Set<Kind>,
): ItemReference[] {
  const result: ItemReference[] = [];
  for (const reference of references) {
    if (!keptItemIds.has(reference.fromItemId)) {
      continue;
    }
    const isDescription = describingItemIds.has(reference.fromItemId);
    if (
      !KEPT_REFERENCE_TYPES.has(reference.type) ||
      (reference.type === 'cdsc') !== isDescription
    ) {
      removed.add('unknown-block');
      continue;
    }
    const toItemIds = reference.toItemIds.filter((id) => keptItemIds.has(id));
    if (toItemIds.length > 0) {
      result.push({ ...reference, toItemIds });
    }
  }
  return result;
}

/**
 * Keeps the alternative (`altr`) and stereo (`ster`) groups, narrowed to kept items, that still
 * have two members. Other group types, and groups with data after their entity IDs, are
 * reported in `removed` as `unknown-block`.
 */
export function filterEntityGroups(
  groups: readonly EntityGroup[],
  keptItemIds: ReadonlySet<number>,
  removed: Set<Kind>,
): EntityGroup[] {
  const result: EntityGroup[] = [];
  for (const group of groups) {
    if (!KEPT_GROUP_TYPES.has(group.type) || group.extraData.length > 0) {
      removed.add('unknown-block');
      continue;
    }
    const entityIds = group.entityIds.filter((id) => keptItemIds.has(id));
    if (entityIds.length >= 2) {
      result.push({ ...group, entityIds });
    }
  }
  return result;
}
