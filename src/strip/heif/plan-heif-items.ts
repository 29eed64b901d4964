import type { Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import { APPLE_GAIN_MAP_TYPE, decideAuxiliaryImage } from './auxiliary-types.js';
import { readAuxiliaryType } from './classify-heif-property.js';
import { findMimeItemKinds } from './find-mime-item-kinds.js';
import { createCorruptError, createUnsupportedError } from './heif-errors.js';
import { INPUT_REFERENCE_TYPES, isImageItemType } from './heif-item-types.js';
import type { HeifItemInfo } from './item-info-box.js';
import { ItemGraph } from './item-graph.js';
import { mapItemProperties, type AssociatedProperty } from './map-item-properties.js';
import { describeType } from './read-boxes.js';
import type { HeifFile } from './read-heif-file.js';

/** The items of a HEIF file that stay, with the kinds that the decision removes and keeps. */
export interface HeifItemPlan {
  /** Image items that stay with their data, properties and references. */
  readonly keptImageIds: ReadonlySet<number>;
  /** Items that are not images (Exif, XMP, other MIME, URI and unknown types), all removed. */
  readonly metadataItemIds: ReadonlySet<number>;
  /** Kept auxiliary images of Apple's HDR gain-map type. */
  readonly appleGainMapIds: ReadonlySet<number>;
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
}

/** An image item that may stay, as the first pass classified it. */
interface ImageCandidate {
  readonly item: HeifItemInfo;
  /** The `auxC` type when the item is an auxiliary image, else null. */
  readonly auxType: string | null;
}

/**
 * Decides which items stay. The primary image stays, with every image it is built from
 * (grid tiles, tile bases), its allowed auxiliary images (alpha, depth, and gain maps when
 * the policy keeps them) and, recursively, theirs. Other visible master images and ISO gain-map
 * (`tmap`) images stay too. Thumbnails (`thmb`), other auxiliary images, hidden images that
 * nothing uses, and every item that is not an image go. Exif items are listed for removal
 * here, because the Exif plan writes back the minimal block itself.
 *
 * @throws {AppError} `E_CORRUPT` when the primary item does not exist, and
 *   `E_UNSUPPORTED_FORMAT` when the primary item is not an image that can stay, an image is
 *   encrypted, or a kept image is built from an item that cannot stay.
 */
export function planHeifItems(file: HeifFile, policy: KeepPolicy): HeifItemPlan {
  const { meta } = file;
  const graph = new ItemGraph(meta.references?.references ?? []);
  const properties = mapItemProperties(meta);
  const removed = new Set<Kind>();
  const metadataItemIds = new Set<number>();
  const candidates = new Map<number, ImageCandidate>();

  for (const item of meta.itemInfo.items) {
    if (!isImageItemType(item.type)) {
      metadataItemIds.add(item.id);
      addAll(removed, findMetadataKinds(file, item));
      continue;
    }
    if (item.protectionIndex !== 0) {
      throw createUnsupportedError(`image item ${item.id} is encrypted`);
    }
    const auxType = findAuxiliaryType(file.bytes, properties.get(item.id) ?? []);
    const candidate = classifyImage(graph, item, auxType, policy, removed);
    if (candidate !== null) {
      candidates.set(item.id, candidate);
    }
  }

  const primary = candidates.get(meta.primaryItemId);
  if (primary === undefined) {
    throw getPrimaryItemError(file, meta.primaryItemId);
  }
  const keptImageIds = collectKeptImages(
    graph,
    candidates,
    findRootImages(graph, candidates, primary),
  );
  for (const candidate of candidates.values()) {
    if (!keptImageIds.has(candidate.item.id) && isStandalone(graph, candidate)) {
      removed.add('unknown-block');
    }
  }

  const appleGainMapIds = new Set(
    [...keptImageIds].filter((id) => candidates.get(id)?.auxType === APPLE_GAIN_MAP_TYPE),
  );
  const kept = findKeptKinds(keptImageIds, candidates);
  return { keptImageIds, metadataItemIds, appleGainMapIds, removed, kept };
}

/** Returns the kinds of a non-image item. Exif items report theirs through the Exif plan. */
function findMetadataKinds(file: HeifFile, item: HeifItemInfo): Set<Kind> {
  if (item.type === 'Exif') {
    return new Set();
  }
  if (item.type === 'mime') {
    return findMimeItemKinds(file, item);
  }
  return new Set(item.type === 'jumb' ? ['c2pa'] : ['unknown-block']);
}

/**
 * Returns the image item as a candidate to keep, or null after adding the kind it is removed
 * as: a thumbnail, an auxiliary image of a type that goes, or a gain map the policy drops.
 */
function classifyImage(
  graph: ItemGraph,
  item: HeifItemInfo,
  auxType: string | null,
  policy: KeepPolicy,
  removed: Set<Kind>,
): ImageCandidate | null {
  if (graph.hasReference('thmb', item.id)) {
    removed.add('thumbnail');
    return null;
  }
  if (item.type === 'tmap' && !policy.hdrGainMap) {
    removed.add('hdr-gain-map');
    return null;
  }
  if (!graph.hasReference('auxl', item.id)) {
    return { item, auxType: null };
  }
  const decision = auxType === null ? null : decideAuxiliaryImage(auxType, policy);
  if (auxType === null || decision === null || !decision.isKept) {
    removed.add(decision?.kind ?? 'unknown-block');
    return null;
  }
  return { item, auxType };
}

function findAuxiliaryType(
  bytes: Uint8Array,
  properties: readonly AssociatedProperty[],
): string | null {
  const auxC = properties.find((property) => property.box.type === 'auxC');
  return auxC === undefined ? null : readAuxiliaryType(bytes, auxC.box);
}

/**
 * Returns the images kept for their own sake: the primary item, visible master images that
 * no other image is built from, and ISO gain-map images.
 */
function findRootImages(
  graph: ItemGraph,
  candidates: ReadonlyMap<number, ImageCandidate>,
  primary: ImageCandidate,
): number[] {
  const roots = [primary.item.id];
  for (const candidate of candidates.values()) {
    const { item } = candidate;
    const isVisibleMaster = (item.flags & 1) === 0 && isStandalone(graph, candidate);
    if (isVisibleMaster || item.type === 'tmap') {
      roots.push(item.id);
    }
  }
  return roots;
}

/** Returns true for an image that is no auxiliary image and no input of another image. */
function isStandalone(graph: ItemGraph, candidate: ImageCandidate): boolean {
  const id = candidate.item.id;
  const isInput = [...INPUT_REFERENCE_TYPES].some((type) => graph.getSources(type, id).length > 0);
  return candidate.auxType === null && !isInput;
}

/** Walks from the roots to every input image and allowed auxiliary image they need. */
function collectKeptImages(
  graph: ItemGraph,
  candidates: ReadonlyMap<number, ImageCandidate>,
  roots: readonly number[],
): Set<number> {
  const kept = new Set<number>();
  const queue = [...roots];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (kept.has(id)) {
      continue;
    }
    kept.add(id);
    for (const type of INPUT_REFERENCE_TYPES) {
      for (const inputId of graph.getTargets(type, id)) {
        if (!candidates.has(inputId)) {
          throw createUnsupportedError(
            `image item ${id} is built from item ${inputId}, which is not an image that can be kept`,
          );
        }
        queue.push(inputId);
      }
    }
    queue.push(...graph.getSources('auxl', id).filter((auxId) => candidates.has(auxId)));
  }
  return kept;
}

function findKeptKinds(
  keptImageIds: ReadonlySet<number>,
  candidates: ReadonlyMap<number, ImageCandidate>,
): Set<Kind> {
  const kept = new Set<Kind>();
  for (const id of keptImageIds) {
    const candidate = candidates.get(id);
    if (candidate?.item.type === 'tmap' || candidate?.auxType === APPLE_GAIN_MAP_TYPE) {
      kept.add('hdr-gain-map');
    }
  }
  return kept;
}

function getPrimaryItemError(file: HeifFile, primaryItemId: number): Error {
  const item = file.meta.itemInfo.items.find((entry) => entry.id === primaryItemId);
  if (item === undefined) {
    return createCorruptError(`the primary item ${primaryItemId} has no 'infe' entry`);
  }
  return createUnsupportedError(
    `the primary item is a '${describeType(item.type)}' item that MetaClear does not keep as an image`,
  );
}

function addAll(target: Set<Kind>, kinds: Iterable<Kind>): void {
  for (const kind of kinds) {
    target.add(kind);
  }
}
