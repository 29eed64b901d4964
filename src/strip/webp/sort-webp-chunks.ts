import type { Kind } from '../../shared/kinds.js';
import { inspectExif } from '../exif/inspect-exif.js';
import { findXmpKinds } from '../jpeg/find-xmp-kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import { IMAGE_CHUNK_TYPES } from './check-webp-layout.js';
import { encodeWebpChunk } from './encode-webp-chunk.js';
import { removeExifPrefix } from './plan-webp-exif.js';
import { readAnimationFrame } from './read-animation-frame.js';
import { VP8X_FLAG, type Vp8xHeader } from './vp8x-header.js';
import type { WebpChunk } from './walk-webp-chunks.js';

/** A chunk to write, as its type and payload. */
export interface KeptWebpChunk {
  readonly fourcc: string;
  readonly data: Uint8Array;
}

/** The surviving chunks of a WebP file, the removed kinds, and the EXIF payloads found. */
export interface WebpChunkSorting {
  /** The surviving chunks after VP8X, in file order; each ANMF contains only its image data. */
  readonly keptChunks: readonly KeptWebpChunk[];
  /** Index into `keptChunks` just past the last image chunk, where an `EXIF` chunk belongs. */
  readonly exifSlot: number;
  /** The payloads of the top-level `EXIF` chunks, all of them removed. */
  readonly exifPayloads: readonly Uint8Array[];
  /** Kinds of the removed chunks, apart from the top-level `EXIF` chunks. */
  readonly removed: Set<Kind>;
  readonly kept: Set<Kind>;
  /** True when an `ICCP` chunk is among `keptChunks`. */
  readonly hasIcc: boolean;
}

/** Frame data chunks that make up the picture of an animation frame. */
const FRAME_IMAGE_TYPES: ReadonlySet<string> = new Set(['VP8 ', 'VP8L', 'ALPH']);

/**
 * Sorts the chunks after VP8X (or all chunks of a simple file) into kept and removed. Image
 * and animation chunks stay in order, and inside each `ANMF` only `ALPH`, `VP8 ` and `VP8L`
 * stay. The first `ICCP` stays when the policy keeps colour profiles and `header` flags it,
 * because readers such as libsixel and SerenityOS LibGfx apply a profile only under that
 * flag. A simple file's `header` has no ICC flag. `EXIF`, `XMP ` and unknown chunks go.
 * `bytes` is the whole file, which `ANMF` frames are read from.
 */
export function sortWebpChunks(
  bytes: Uint8Array,
  chunks: readonly WebpChunk[],
  header: Vp8xHeader,
  policy: KeepPolicy,
): WebpChunkSorting {
  const keptChunks: KeptWebpChunk[] = [];
  const exifPayloads: Uint8Array[] = [];
  const removed = new Set<Kind>();
  const kept = new Set<Kind>();
  let exifSlot = 0;
  const isIccFlagged = (header.flags & VP8X_FLAG.icc) !== 0;

  for (const chunk of chunks) {
    if (chunk.fourcc === 'ANMF') {
      keptChunks.push(filterFrame(bytes, chunk, removed));
    } else if (IMAGE_CHUNK_TYPES.has(chunk.fourcc)) {
      keptChunks.push(chunk);
    } else if (chunk.fourcc === 'EXIF') {
      exifPayloads.push(chunk.data);
    } else if (chunk.fourcc === 'ICCP' && policy.colorProfile === true && isIccFlagged) {
      const isFirst = !kept.has('icc-profile');
      (isFirst ? kept : removed).add('icc-profile');
      if (isFirst) {
        keptChunks.push(chunk);
      }
    } else {
      addAll(removed, findChunkKinds(chunk));
    }
    if (['VP8 ', 'VP8L', 'ANMF'].includes(chunk.fourcc)) {
      exifSlot = keptChunks.length;
    }
  }
  const hasIcc = kept.has('icc-profile');
  return { keptChunks, exifSlot, exifPayloads, removed, kept, hasIcc };
}

/** Returns the frame with only its image chunks, adding the kinds of the others to `removed`. */
function filterFrame(bytes: Uint8Array, chunk: WebpChunk, removed: Set<Kind>): KeptWebpChunk {
  const frame = readAnimationFrame(bytes, chunk);
  const parts: Uint8Array[] = [frame.header];
  for (const inner of frame.chunks) {
    if (FRAME_IMAGE_TYPES.has(inner.fourcc)) {
      parts.push(encodeWebpChunk(inner.fourcc, inner.data));
    } else {
      addAll(removed, findChunkKinds(inner));
    }
  }
  return { fourcc: 'ANMF', data: Buffer.concat(parts) };
}

/**
 * Returns the kinds a removed chunk carries. An `ICCP` chunk that is not kept is a removed
 * profile. XMP is recognised by content too, because some writers name the chunk `XMP\0`.
 */
function findChunkKinds(chunk: WebpChunk): Iterable<Kind> {
  switch (chunk.fourcc) {
    case 'ICCP':
      return ['icc-profile'];
    case 'EXIF': {
      const { kinds } = inspectExif(removeExifPrefix(chunk.data));
      return kinds.size > 0 ? kinds : ['exif-other'];
    }
    default:
      return chunk.fourcc === 'XMP ' || isXmpPacket(chunk.data)
        ? findXmpKinds([chunk.data])
        : ['unknown-block'];
  }
}

/** Returns true when a payload starts like an XMP packet or `x:xmpmeta` element. */
function isXmpPacket(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 512)).toString(
    'latin1',
  );
  return /^\s*(?:\uFEFF|\xEF\xBB\xBF)?\s*<(?:\?xpacket|x:xmpmeta|x:xapmeta)/.test(head);
}

function addAll(target: Set<Kind>, kinds: Iterable<Kind>): void {
  for (const kind of kinds) {
    target.add(kind);
  }
}
