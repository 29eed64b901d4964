import type { Kind } from '../../shared/kinds.js';

/** XMP that declares an embedded Motion Photo or Micro Video (Google camera XMP, version 1). */
const MOTION_PHOTO_PATTERNS = [
  /(?:MotionPhoto|MicroVideo)\s*=\s*["']\s*1\s*["']/,
  /<[\w-]+:(?:MotionPhoto|MicroVideo)>\s*1\s*</,
  /Semantic\s*=\s*["']MotionPhoto["']/,
];

/** XMP that carries or points to a depth map: GDepth, or the Dynamic Depth device namespace. */
const DEPTH_MAP_PATTERNS = [
  /GDepth:/,
  /ns\.google\.com\/photos\/1\.0\/depthmap\//,
  /ns\.google\.com\/photos\/dd\/1\.0\//,
];

/**
 * Returns the kinds in an XMP packet: always `xmp`, plus `motion-photo` when it declares a
 * Motion Photo and `depth-map` when it contains GDepth or Dynamic Depth data. `packets` are the
 * standard packet and any Extended XMP chunks, matched as one text so that a name split across
 * two chunks is still found.
 */
export function findXmpKinds(packets: readonly Uint8Array[]): Set<Kind> {
  const kinds = new Set<Kind>(['xmp']);
  const text = packets.map((packet) => Buffer.from(packet).toString('latin1')).join('');
  if (MOTION_PHOTO_PATTERNS.some((pattern) => pattern.test(text))) {
    kinds.add('motion-photo');
  }
  if (DEPTH_MAP_PATTERNS.some((pattern) => pattern.test(text))) {
    kinds.add('depth-map');
  }
  return kinds;
}
