import type { Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import { classifyHeifProperty, type PropertyDecision } from './classify-heif-property.js';
import { createUnsupportedError } from './heif-errors.js';
import type { ItemAssociations, PropertyAssociationBox } from './item-properties-box.js';
import { describeType, type IsoBox } from './read-boxes.js';
import type { HeifFile } from './read-heif-file.js';

/** The properties a cleaned HEIF keeps, renumbered, and what their removal reports. */
export interface HeifPropertyPlan {
  /** The `ipco` boxes to write, in input order. */
  readonly properties: readonly IsoBox[];
  /** The `ipma` boxes to write, with indexes into `properties`. */
  readonly associationBoxes: readonly PropertyAssociationBox[];
  /** True when the primary image keeps an `irot` or `imir` property. */
  readonly hasOrientationProperty: boolean;
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
}

/**
 * Keeps the property associations of `keptItemIds` that {@link classifyHeifProperty} keeps, and
 * drops every other association and every property no kept association uses. Indexes are
 * renumbered, and each `ipma` box keeps its version and flags, because indexes only shrink.
 * A dropped property that no kept image uses is reported only when keeping it would have
 * kept metadata (an ICC profile the policy drops, descriptive or unknown properties).
 *
 * @throws {AppError} `E_UNSUPPORTED_FORMAT` when a kept image has an essential property that
 *   is unknown, because a reader must understand it to show the image.
 */
export function planHeifProperties(
  file: HeifFile,
  keptItemIds: ReadonlySet<number>,
  policy: KeepPolicy,
): HeifPropertyPlan {
  const source = file.meta.properties;
  if (source === null) {
    return {
      properties: [],
      associationBoxes: [],
      hasOrientationProperty: false,
      removed: new Set(),
      kept: new Set(),
    };
  }
  const filter = new AssociationFilter(file, source.properties, policy);
  const filteredBoxes = source.associationBoxes.map((box) => ({
    ...box,
    entries: box.entries
      .filter((entry) => keptItemIds.has(entry.itemId))
      .map((entry) => filter.filterEntry(entry)),
  }));
  filter.reportUnusedProperties();
  const { usedIndexes, removed, kept, hasOrientationProperty } = filter;
  return {
    properties: source.properties.filter((_box, position) => usedIndexes.has(position + 1)),
    associationBoxes: renumberAssociations(filteredBoxes, usedIndexes),
    hasOrientationProperty,
    removed,
    kept,
  };
}

/** Filters the associations of kept items and records what the filtering keeps and drops. */
class AssociationFilter {
  readonly usedIndexes = new Set<number>();
  readonly removed = new Set<Kind>();
  readonly kept = new Set<Kind>();
  hasOrientationProperty = false;
  readonly #primaryItemId: number;
  readonly #properties: readonly IsoBox[];
  readonly #decisions: readonly PropertyDecision[];

  constructor(file: HeifFile, properties: readonly IsoBox[], policy: KeepPolicy) {
    this.#primaryItemId = file.meta.primaryItemId;
    this.#properties = properties;
    this.#decisions = properties.map((box) => classifyHeifProperty(file.bytes, box, policy));
  }

  /** Returns the entry with only the associations that stay. */
  filterEntry(entry: ItemAssociations): ItemAssociations {
    const associations = entry.associations.filter(({ index, isEssential }) =>
      this.#keepsAssociation(entry.itemId, index, isEssential),
    );
    return { itemId: entry.itemId, associations };
  }

  /**
   * Reports properties that no kept association uses when keeping them would have kept
   * metadata. A dropped decoder configuration of a removed thumbnail needs no report.
   */
  reportUnusedProperties(): void {
    this.#decisions.forEach((decision, position) => {
      const isUnused = !this.usedIndexes.has(position + 1);
      if (isUnused && decision.action === 'drop' && decision.removedKind !== null) {
        this.removed.add(decision.removedKind);
      }
    });
  }

  #keepsAssociation(itemId: number, index: number, isEssential: boolean): boolean {
    const decision = this.#decisions[index - 1];
    const box = this.#properties[index - 1];
    if (decision === undefined || box === undefined) {
      return false;
    }
    if (decision.action === 'drop') {
      if (decision.removedKind === 'unknown-block' && isEssential) {
        throw createUnsupportedError(
          `a kept image has an essential '${describeType(box.type)}' property that MetaClear does not know`,
        );
      }
      if (decision.removedKind !== null) {
        this.removed.add(decision.removedKind);
      }
      return false;
    }
    this.usedIndexes.add(index);
    if (decision.keptKind !== null) {
      this.kept.add(decision.keptKind);
    }
    if (itemId === this.#primaryItemId && (box.type === 'irot' || box.type === 'imir')) {
      this.hasOrientationProperty = true;
    }
    return true;
  }
}

/** Maps kept property indexes to their new positions and drops empty entries and boxes. */
function renumberAssociations(
  boxes: readonly PropertyAssociationBox[],
  usedIndexes: ReadonlySet<number>,
): PropertyAssociationBox[] {
  const newIndexes = new Map<number, number>();
  [...usedIndexes]
    .sort((left, right) => left - right)
    .forEach((index, position) => newIndexes.set(index, position + 1));
  return boxes
    .map((box) => ({
      ...box,
      entries: box.entries
        .filter((entry) => entry.associations.length > 0)
        .map((entry) => ({
          itemId: entry.itemId,
          associations: entry.associations.map((association) => ({
            index: newIndexes.get(association.index) ?? 0,
            isEssential: association.isEssential,
          })),
        })),
    }))
    .filter((box) => box.entries.length > 0);
}
