import type { Kind } from '../shared/kinds.js';

/** Container formats that MetaClear rewrites losslessly. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'heif' | 'tiff';

/** The outcome of rewriting one image container. */
export interface StripResult {
  readonly format: ImageFormat;
  /** The cleaned file; the input array itself when nothing needed removing. */
  readonly bytes: Uint8Array;
  /** Kinds that were present and removed, in the order of `KINDS`. */
  readonly removed: readonly Kind[];
  /** Kinds that were present and kept by the policy, in the order of `KINDS`. */
  readonly kept: readonly Kind[];
  /** True when `bytes` differs from the input. */
  readonly changed: boolean;
}
