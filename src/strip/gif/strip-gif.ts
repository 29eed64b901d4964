import { sortKinds } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import type { StripResult } from '../strip-result.js';
import { sortGifBlocks } from './sort-gif-blocks.js';
import { GIF_INTRODUCER, walkGifBlocks } from './walk-gif-blocks.js';

/**
 * Removes metadata from a GIF file, still or animated, without touching the image data. The
 * header, logical screen descriptor, colour tables, graphic control extensions and every
 * image are copied byte for byte and in order, the loop extension keeps its loop count, and
 * the ICC profile extension follows `policy.colorProfile`. Comments, plain-text extensions,
 * XMP and other application extensions, and bytes after the trailer are dropped. A file with
 * nothing to remove comes back as the input array itself.
 *
 * @throws {AppError} `E_TRUNCATED` when the file ends before the trailer, and `E_CORRUPT` for
 *   a broken block structure.
 * @example
 * const result = stripGif(await readFile('loop.gif'), DEFAULT_KEEP_POLICY);
 * if (result.changed) await writeFile('loop-clean.gif', result.bytes);
 */
export function stripGif(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const layout = walkGifBlocks(bytes);
  const sorting = sortGifBlocks(layout.blocks, policy);
  const trailer = Uint8Array.of(GIF_INTRODUCER.trailer);
  const output = Buffer.concat([layout.screen, ...sorting.keptBlocks, trailer]);

  const kept = sortKinds(sorting.kept);
  if (Buffer.compare(bytes, output) === 0) {
    return { format: 'gif', bytes, removed: [], kept, changed: false };
  }
  const removed = new Set(sorting.removed);
  if (layout.trailerLength > 0) {
    removed.add('trailer');
  }
  return { format: 'gif', bytes: output, removed: sortKinds(removed), kept, changed: true };
}
