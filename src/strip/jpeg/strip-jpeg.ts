import { sortKinds, type Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import type { StripResult } from '../strip-result.js';
import { classifyJpegTrailer } from './classify-jpeg-trailer.js';
import {
  cleanJpegImage,
  createXmpSegment,
  type CleanedJpegImage,
  type JpegImageRole,
} from './clean-jpeg-image.js';
import { JPEG_MARKER } from './jpeg-markers.js';
import { buildMpfSegment, MPF_HEADER_OFFSET, type MpfEntry } from './mpf-index.js';
import { planMpfImages, type MpfImagePlan } from './plan-mpf-images.js';
import { readJpegSegments, type JpegStructure } from './read-jpeg-segments.js';
import { splitMpfImages, type MpfImages } from './split-mpf-images.js';
import { buildUltraHdrPrimaryXmp, readUltraHdrVersion } from './ultra-hdr-xmp.js';

const SOI = new Uint8Array([0xff, JPEG_MARKER.soi]);
const EOI = new Uint8Array([0xff, JPEG_MARKER.eoi]);

/** The parts of a cleaned image that {@link assembleImage} lays out. */
type ImageLayout = Pick<CleanedJpegImage, 'head' | 'xmp' | 'iso' | 'body'>;

/** A kept image after the primary one, cleaned and assembled. */
interface KeptImage {
  readonly plan: Extract<MpfImagePlan, { action: 'keep' }>;
  readonly bytes: Uint8Array;
}

/**
 * Removes metadata from a JPEG without touching its image data. Each image starts with SOI, the
 * JFIF APP0 (with a 0×0 thumbnail) when the input had one, and our minimal EXIF block when the
 * policy keeps a value from the EXIF block that readers apply. The kept segments follow in
 * input order: image-defining segments with their scan data, ICC chunks and the Adobe APP14,
 * each only when its content is valid for its type. An image that marks Adobe RGB only in its
 * EXIF gets an Adobe RGB compatible ICC profile in place of that marking.
 *
 * A multi-picture file (an MPF index) keeps the frames of a stereo pair or panorama, and its
 * gain map when the policy keeps gain maps. The primary image then gets a rebuilt MPF index of
 * the kept images, whose offsets count from the index's byte-order mark. An Ultra HDR primary
 * keeps `hdrgm:Version` and a GContainer directory of Primary and GainMap with the gain map's
 * new length. An Apple primary keeps its MakerNote reduced to HDRHeadroom and HDRGain. Each
 * gain map keeps its ISO 21496-1 APP2 and its XMP reduced to the gain map properties. Large thumbnails,
 * other images and data after the last kept image (a Motion Photo video) go. A JPEG with
 * nothing to remove comes back as the input array itself, `changed: false`.
 *
 * @throws AppError `E_TRUNCATED`, `E_CORRUPT` (also for a JPEG without image data, or with
 *   more than `MAX_JPEG_SEGMENTS` segments or `MAX_JPEG_SCANS` scans, or a stereo view outside
 *   the file) or `E_UNSUPPORTED_FORMAT`.
 * @example
 * const result = stripJpeg(bytes, DEFAULT_KEEP_POLICY);
 * result.removed; // ['gps', 'camera-model', 'thumbnail']
 */
export function stripJpeg(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const structure = readJpegSegments(bytes);
  const mpf = splitMpfImages(bytes, structure);
  const plans = planMpfImages(mpf?.images ?? [], policy);
  const keptPlans = plans.filter((plan) => plan.action === 'keep');
  if (mpf === null || keptPlans.length === 0) {
    return stripSingleImage(bytes, structure, plans, policy);
  }
  return stripMultiPicture(bytes, structure, mpf, plans, policy);
}

/** Cleans a file whose output is one image: MPF images, if any, all go. */
function stripSingleImage(
  bytes: Uint8Array,
  structure: JpegStructure,
  plans: readonly MpfImagePlan[],
  policy: KeepPolicy,
): StripResult {
  const image = cleanJpegImage(structure, policy, { kind: 'plain' });
  const removed = new Set<Kind>(image.removed);
  addDroppedKinds(removed, bytes, structure, plans);
  const kept = new Set<Kind>(image.kept);
  const output = assembleImage(image, []);
  if (removed.size === 0 && !image.isChanged && !image.hasC2pa) {
    return { format: 'jpeg', bytes, removed: [], kept: sortKinds(kept), changed: false };
  }
  if (image.hasC2pa && policy.contentCredentials && removed.size === 0 && !image.isChanged) {
    // A C2PA manifest's hard binding covers every other byte, so it survives only when
    // nothing else needs removing.
    kept.add('content-credentials');
    return { format: 'jpeg', bytes, removed: [], kept: sortKinds(kept), changed: false };
  }
  if (image.hasC2pa) {
    // TODO: with `contentCredentials: true`, keep the disclosure as an XMP packet holding only
    // Iptc4xmpExt:DigitalSourceType; for now the whole manifest is removed.
    removed.add('c2pa');
  }
  return createResult(bytes, output, removed, kept);
}

/** Cleans a file that keeps more than one image, and rebuilds its MPF index. */
function stripMultiPicture(
  bytes: Uint8Array,
  structure: JpegStructure,
  mpf: MpfImages,
  plans: readonly MpfImagePlan[],
  policy: KeepPolicy,
): StripResult {
  const removed = new Set<Kind>();
  const kept = new Set<Kind>();
  const keptImages: KeptImage[] = [];
  for (const plan of plans) {
    if (plan.action !== 'keep') {
      continue;
    }
    const role = plan.role === 'frame' ? { kind: 'plain' as const } : { kind: 'gain-map' as const };
    const image = cleanJpegImage(plan.structure, policy, role);
    mergeKinds(removed, kept, image);
    if (plan.role !== 'frame') {
      kept.add('hdr-gain-map');
    }
    if (image.hasC2pa) {
      removed.add('c2pa');
    }
    if (plan.structure.trailer.some((byte) => byte !== 0)) {
      removed.add(classifyJpegTrailer(plan.structure.trailer));
    }
    keptImages.push({ plan, bytes: concatenate(assembleImage(image, [])) });
  }

  const gainMap = keptImages.find((image) => image.plan.role !== 'frame');
  const keepAppleHdr = gainMap?.plan.role === 'apple-gain-map';
  const primaryRole: JpegImageRole =
    gainMap === undefined ? { kind: 'plain' } : { kind: 'primary', keepAppleHdr };
  const primary = cleanJpegImage(structure, policy, primaryRole);
  mergeKinds(removed, kept, primary);
  if (primary.hasC2pa) {
    removed.add('c2pa');
  }
  addDroppedKinds(removed, bytes, structure, plans);

  const primaryXmp =
    gainMap?.plan.role === 'ultra-hdr-gain-map' ? buildPrimaryXmp(primary, gainMap) : null;
  const layout = { ...primary, xmp: primaryXmp };
  const mpfSegment = createMpfSegment(mpf.primaryAttributes, layout, keptImages);
  const withIndex = assembleImage(layout, [mpfSegment]);
  const output = concatenate([...withIndex, ...keptImages.map((image) => image.bytes)]);
  return createResult(bytes, [output], removed, kept);
}

/** Builds the primary's Ultra HDR XMP, or returns null when its input XMP had no version. */
function buildPrimaryXmp(primary: CleanedJpegImage, gainMap: KeptImage): Uint8Array | null {
  const version = primary.xmpPackets
    .map((packet) => readUltraHdrVersion(packet))
    .find((candidate) => candidate !== null);
  return version === undefined
    ? null
    : createXmpSegment(buildUltraHdrPrimaryXmp(version, gainMap.bytes.length));
}

/**
 * Builds the MPF index: the primary image at offset 0, then each kept image right after the
 * previous one. The index goes after the primary's ISO segments (see {@link assembleImage}),
 * and its size depends only on the number of images, so its offset is known before it exists.
 */
function createMpfSegment(
  primaryAttributes: number,
  primary: ImageLayout,
  keptImages: readonly KeptImage[],
): Uint8Array {
  const placeholder = buildMpfSegment(
    [primaryAttributes, ...keptImages.map((image) => image.plan.image.attributes)].map(
      (attributes) => ({ attributes, size: 0, offset: 0 }),
    ),
  );
  const primarySize = sumLengths(assembleImage(primary, [placeholder]));
  const head = [SOI, ...primary.head, ...(primary.xmp === null ? [] : [primary.xmp])];
  const indexOffset = sumLengths([...head, ...primary.iso]) + MPF_HEADER_OFFSET;
  const entries: MpfEntry[] = [{ attributes: primaryAttributes, size: primarySize, offset: 0 }];
  let start = primarySize;
  for (const image of keptImages) {
    entries.push({
      attributes: image.plan.image.attributes,
      size: image.bytes.length,
      offset: start - indexOffset,
    });
    start += image.bytes.length;
  }
  return buildMpfSegment(entries);
}

/**
 * Lays out one image: SOI, JFIF and EXIF, XMP, ISO gain map segments, `extra` (the MPF index),
 * the body, EOI.
 */
function assembleImage(image: ImageLayout, extra: readonly Uint8Array[]): Uint8Array[] {
  const xmp = image.xmp === null ? [] : [image.xmp];
  return [SOI, ...image.head, ...xmp, ...image.iso, ...extra, ...image.body, EOI];
}

/**
 * Adds the kinds of the images that go and of the data after EOI that no kept image covers:
 * a Motion Photo video, a vendor trailer, or the bytes of dropped images.
 */
function addDroppedKinds(
  removed: Set<Kind>,
  bytes: Uint8Array,
  structure: JpegStructure,
  plans: readonly MpfImagePlan[],
): void {
  const covered: [number, number][] = [];
  for (const plan of plans) {
    if (plan.action === 'drop') {
      removed.add(plan.kind);
    }
    if (plan.image.start !== null) {
      covered.push([plan.image.start, plan.image.start + plan.image.bytes.length]);
    }
  }
  const leftover: Uint8Array[] = [];
  let position = structure.eoiEnd;
  for (const [start, end] of covered.sort((left, right) => left[0] - right[0])) {
    leftover.push(bytes.subarray(position, Math.max(position, start)));
    position = Math.max(position, end);
  }
  leftover.push(bytes.subarray(position));
  const rest = concatenate(leftover);
  if (rest.length > 0) {
    removed.add(classifyJpegTrailer(rest));
  }
}

function mergeKinds(removed: Set<Kind>, kept: Set<Kind>, image: CleanedJpegImage): void {
  for (const kind of image.removed) {
    removed.add(kind);
  }
  for (const kind of image.kept) {
    kept.add(kind);
  }
}

/** Returns the result, or the input itself when the output has the same bytes. */
function createResult(
  input: Uint8Array,
  parts: readonly Uint8Array[],
  removed: ReadonlySet<Kind>,
  kept: ReadonlySet<Kind>,
): StripResult {
  const output = concatenate(parts);
  // Views, because `Buffer.from(output)` would copy the whole output once more.
  const outputView = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  if (outputView.equals(Buffer.from(input.buffer, input.byteOffset, input.byteLength))) {
    return { format: 'jpeg', bytes: input, removed: [], kept: sortKinds(kept), changed: false };
  }
  return {
    format: 'jpeg',
    bytes: output,
    removed: sortKinds(removed.size > 0 ? removed : new Set<Kind>(['unknown-block'])),
    kept: sortKinds(kept),
    changed: true,
  };
}

function sumLengths(parts: readonly Uint8Array[]): number {
  return parts.reduce((sum, part) => sum + part.length, 0);
}

/**
 * Returns the parts joined in one new array. The array is not zero-filled first, because the
 * parts overwrite every byte, and is never a slice of Node's shared pool, so moving its
 * buffer to another thread moves only these bytes.
 */
function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  const output = Buffer.allocUnsafeSlow(sumLengths(parts));
  let offset = 0;
  for (const part of parts) {
    output.set(part, offset);
    offset += part.length;
  }
  return output;
}
