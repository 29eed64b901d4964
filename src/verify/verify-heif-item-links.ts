import type { ItemReference } from '../strip/heif/item-reference-box.js';
import { describeType } from '../strip/heif/read-boxes.js';
import type { HeifFile } from '../strip/heif/read-heif-file.js';
import { ALLOWED_GROUP_TYPES, ALLOWED_REFERENCE_TYPES } from './heif-structure-allowlist.js';
import { failHeifStructure as fail } from './heif-structure-failure.js';

/**
 * Checks the item references and entity groups of a cleaned HEIF against its input. Each
 * reference must be of an allowlisted type, come from the input, and point only at output
 * items. `cdsc` may come only from `metadataIds`. A derived image's inputs (`dimg`, `tbas`,
 * `base`) must equal the input's exactly, and other references may only lose targets. Each
 * group must be an allowlisted input group that only lost members.
 *
 * @throws {AppError} `E_VERIFY_STRUCTURE` naming the first reference or group that failed.
 */
export function verifyHeifItemLinks(
  source: HeifFile,
  cleaned: HeifFile,
  metadataIds: ReadonlySet<number>,
): void {
  checkReferences(source, cleaned, metadataIds);
  checkGroups(source, cleaned);
}

function checkReferences(
  source: HeifFile,
  cleaned: HeifFile,
  metadataIds: ReadonlySet<number>,
): void {
  const cleanedIds = new Set(cleaned.meta.itemInfo.items.map((item) => item.id));
  const sourceReferences = source.meta.references?.references ?? [];
  const cleanedReferences = cleaned.meta.references?.references ?? [];
  const sourceByKey = indexReferences(sourceReferences);
  const cleanedByKey = indexReferences(cleanedReferences);
  for (const reference of cleanedByKey.values()) {
    const rule = ALLOWED_REFERENCE_TYPES.get(reference.type);
    const isFromMetadata = metadataIds.has(reference.fromItemId);
    if (rule === undefined || (reference.type === 'cdsc') !== isFromMetadata) {
      fail(
        `a '${describeType(reference.type)}' reference from item ${reference.fromItemId} is not allowed`,
      );
    }
    const ids = [reference.fromItemId, ...reference.toItemIds];
    const original = sourceByKey.get(`${reference.type}:${reference.fromItemId}`);
    if (!ids.every((id) => cleanedIds.has(id)) || original === undefined) {
      fail(`a '${reference.type}' reference from item ${reference.fromItemId} is not in the input`);
    }
    if (!isOrderedSubset(reference.toItemIds, original.toItemIds)) {
      fail(`a '${reference.type}' reference from item ${reference.fromItemId} gained targets`);
    }
  }
  for (const original of sourceReferences) {
    const isExact = ALLOWED_REFERENCE_TYPES.get(original.type) === 'exact';
    if (!isExact || !cleanedIds.has(original.fromItemId)) {
      continue;
    }
    const kept = cleanedByKey.get(`${original.type}:${original.fromItemId}`);
    if (kept?.toItemIds.length !== original.toItemIds.length) {
      fail(`image item ${original.fromItemId} lost inputs of its '${original.type}' reference`);
    }
  }
}

/**
 * Indexes references by `type:fromItemId`. Two references of one type from one item are
 * merged, with targets in file order, as a reader that follows both finds them.
 */
function indexReferences(references: readonly ItemReference[]): Map<string, ItemReference> {
  const index = new Map<string, ItemReference>();
  for (const reference of references) {
    const key = `${reference.type}:${reference.fromItemId}`;
    const earlier = index.get(key);
    const toItemIds = [...(earlier?.toItemIds ?? []), ...reference.toItemIds];
    index.set(key, { ...reference, toItemIds });
  }
  return index;
}

function checkGroups(source: HeifFile, cleaned: HeifFile): void {
  const cleanedIds = new Set(cleaned.meta.itemInfo.items.map((item) => item.id));
  const sourceGroups = new Map((source.meta.groups ?? []).map((group) => [group.groupId, group]));
  for (const group of cleaned.meta.groups ?? []) {
    const candidate = sourceGroups.get(group.groupId);
    const original = candidate?.type === group.type ? candidate : undefined;
    const isAllowed =
      ALLOWED_GROUP_TYPES.has(group.type) &&
      group.extraData.length === 0 &&
      original !== undefined &&
      group.entityIds.every((id) => cleanedIds.has(id)) &&
      isOrderedSubset(group.entityIds, original.entityIds);
    if (!isAllowed) {
      fail(`entity group ${group.groupId} ('${describeType(group.type)}') is not allowed`);
    }
  }
}

/** Returns true when every value of `subset` appears in `list`, in the same order. */
function isOrderedSubset(subset: readonly number[], list: readonly number[]): boolean {
  let position = 0;
  for (const value of subset) {
    position = list.indexOf(value, position) + 1;
    if (position === 0) {
      return false;
    }
  }
  return true;
}
