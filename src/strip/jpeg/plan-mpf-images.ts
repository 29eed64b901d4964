import { AppError, isAppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import { readAppleGainMapXmp } from '../heif/apple-gain-map-xmp.js';
import type { KeepPolicy } from '../keep-policy.js';
import { identifyJpegSegment } from './identify-jpeg-segment.js';
import { JPEG_MARKER } from './jpeg-markers.js';
import { readJpegSegments, type JpegStructure } from './read-jpeg-segments.js';
import type { MpfImage } from './split-mpf-images.js';
import { readUltraHdrGainMapXmp } from './ultra-hdr-xmp.js';

/** The decision for one image after the primary one. */
export type MpfImagePlan =
  | {
      readonly action: 'keep';
      readonly image: MpfImage;
      readonly structure: JpegStructure;
      /** `frame` for a view of a stereo pair or panorama, else the kind of gain map. */
      readonly role: 'frame' | 'ultra-hdr-gain-map' | 'apple-gain-map';
    }
  | { readonly action: 'drop'; readonly image: MpfImage; readonly kind: Kind };

/** Bytes before the packet in a standard XMP APP1 payload. */
const XMP_HEADER_SIZE = 29;

/**
 * Decides which images of a multi-picture JPEG stay: every frame of a stereo pair or
 * panorama, and a gain map (Ultra HDR, ISO 21496-1 or Apple) when the policy keeps gain maps.
 * Large thumbnails go as `thumbnail`, a gain map the policy drops as `hdr-gain-map`, and any
 * other image as `unknown-block`.
 *
 * @throws AppError `E_CORRUPT` when a frame lies outside the file or is not a readable JPEG.
 */
export function planMpfImages(images: readonly MpfImage[], policy: KeepPolicy): MpfImagePlan[] {
  return images.map((image) => planImage(image, policy));
}

function planImage(image: MpfImage, policy: KeepPolicy): MpfImagePlan {
  if (image.type === 'thumbnail') {
    return { action: 'drop', image, kind: 'thumbnail' };
  }
  if (image.type === 'multi-frame') {
    return { action: 'keep', image, structure: readFrame(image), role: 'frame' };
  }
  const structure = image.start === null ? null : tryReadSegments(image.bytes);
  const gainMap = structure === null ? null : identifyGainMap(structure);
  if (structure === null || gainMap === null) {
    return { action: 'drop', image, kind: 'unknown-block' };
  }
  if (!policy.hdrGainMap) {
    return { action: 'drop', image, kind: 'hdr-gain-map' };
  }
  return { action: 'keep', image, structure, role: gainMap };
}

function readFrame(image: MpfImage): JpegStructure {
  if (image.start === null) {
    throw new AppError(
      'E_CORRUPT',
      `JPEG is corrupt: its MPF index places image ${image.index + 1} (a view of a stereo ` +
        'pair or panorama) outside the data after the first image',
    );
  }
  try {
    return readJpegSegments(image.bytes);
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    throw new AppError(
      'E_CORRUPT',
      `JPEG is corrupt: image ${image.index + 1} of its MPF index is unreadable: ${error.message}`,
      { cause: error },
    );
  }
}

function tryReadSegments(bytes: Uint8Array): JpegStructure | null {
  try {
    return readJpegSegments(bytes);
  } catch (error) {
    if (isAppError(error)) {
      return null;
    }
    throw error;
  }
}

/**
 * Returns the kind of gain map an image is: Apple's when its XMP declares the `HDRGainMap`
 * namespace with a version, else Ultra HDR's when it has `hdrgm` XMP or an ISO 21496-1 APP2
 * before its first scan. Returns null for any other image.
 */
export function identifyGainMap(
  structure: JpegStructure,
): 'ultra-hdr-gain-map' | 'apple-gain-map' | null {
  let hasUltraHdr = false;
  for (const segment of structure.segments) {
    if (segment.marker === JPEG_MARKER.sos) {
      break;
    }
    const role = identifyJpegSegment(segment);
    if (role === 'xmp') {
      const packet = segment.payload.subarray(XMP_HEADER_SIZE);
      if (readAppleGainMapXmp(packet) !== null) {
        return 'apple-gain-map';
      }
      hasUltraHdr ||= readUltraHdrGainMapXmp(packet) !== null;
    }
    hasUltraHdr ||= role === 'iso-gain-map';
  }
  return hasUltraHdr ? 'ultra-hdr-gain-map' : null;
}
