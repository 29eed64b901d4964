import { AppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import { findXmpKinds } from '../jpeg/find-xmp-kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import { createLoopExtension, LOOP_EXTENSION_IDS } from './create-loop-extension.js';
import type { GifBlock, GifExtension } from './walk-gif-blocks.js';

/** Extension labels from the GIF89a specification. */
export const GIF_LABEL = {
  plainText: 0x01,
  graphicControl: 0xf9,
  comment: 0xfe,
  application: 0xff,
} as const;

/** The identifier of the ICC profile extension, as ImageMagick and ExifTool write it. */
export const ICC_EXTENSION_PREFIX = 'ICCRGBG1';

/** ImageMagick's application extensions for IPTC and Photoshop resources. */
const IPTC_EXTENSION_PREFIXES = ['MGKIPTC', 'MGK8BIM'];

/** The surviving blocks of a GIF file and the kinds removed and kept. */
export interface GifBlockSorting {
  /** The bytes of each surviving block, in file order. */
  readonly keptBlocks: readonly Uint8Array[];
  readonly removed: Set<Kind>;
  readonly kept: Set<Kind>;
}

/**
 * Sorts GIF blocks into kept and removed. Images and graphic control extensions stay byte for
 * byte. The loop extension stays, reduced to its loop count. ICC profile extensions follow
 * `policy.colorProfile`. Comments, plain text, XMP and every other extension go.
 *
 * @throws {AppError} `E_CORRUPT` for a graphic control extension that is not one 4-byte
 *   sub-block.
 */
export function sortGifBlocks(blocks: readonly GifBlock[], policy: KeepPolicy): GifBlockSorting {
  const keptBlocks: Uint8Array[] = [];
  const removed = new Set<Kind>();
  const kept = new Set<Kind>();
  for (const block of blocks) {
    if (block.type === 'image') {
      keptBlocks.push(block.bytes);
    } else if (block.label === GIF_LABEL.graphicControl) {
      // It stays even when the plain-text extension it applies to goes, so a decoder that
      // skips plain text sees the same graphic controls before each image as before.
      checkGraphicControl(block);
      keptBlocks.push(block.bytes);
    } else if (block.label === GIF_LABEL.application) {
      sortApplicationExtension(block, policy, { keptBlocks, removed, kept });
    } else {
      removed.add(block.label === GIF_LABEL.comment ? 'comment' : 'unknown-block');
    }
  }
  return { keptBlocks, removed, kept };
}

function sortApplicationExtension(
  block: GifExtension,
  policy: KeepPolicy,
  sorting: { keptBlocks: Uint8Array[]; removed: Set<Kind>; kept: Set<Kind> },
): void {
  const identifier = readIdentifier(block);
  if (LOOP_EXTENSION_IDS.has(identifier)) {
    const loop = createLoopExtension(block.subBlocks);
    if (loop !== null) {
      sorting.keptBlocks.push(loop);
    }
    if (loop === null || !Buffer.from(loop).equals(block.bytes)) {
      sorting.removed.add('unknown-block');
    }
  } else if (identifier.startsWith(ICC_EXTENSION_PREFIX)) {
    const isKept = policy.colorProfile === true;
    (isKept ? sorting.kept : sorting.removed).add('icc-profile');
    if (isKept) {
      sorting.keptBlocks.push(block.bytes);
    }
  } else if (identifier === 'XMP DataXMP') {
    // XMP is stored raw: the packet's own bytes act as sub-block sizes, so search the block.
    for (const kind of findXmpKinds([block.bytes])) {
      sorting.removed.add(kind);
    }
  } else if (IPTC_EXTENSION_PREFIXES.some((prefix) => identifier.startsWith(prefix))) {
    sorting.removed.add('iptc');
  } else {
    sorting.removed.add('unknown-block');
  }
}

/** Returns the application identifier and code, or '' when the first sub-block is not 11 bytes. */
function readIdentifier(block: GifExtension): string {
  const [first] = block.subBlocks;
  return first?.length === 11 ? Buffer.from(first).toString('latin1') : '';
}

function checkGraphicControl(block: GifExtension): void {
  const [data, ...rest] = block.subBlocks;
  if (data?.length !== 4 || rest.length > 0) {
    throw new AppError(
      'E_CORRUPT',
      `The GIF graphic control extension at byte ${block.start} is not one 4-byte sub-block.`,
    );
  }
}
