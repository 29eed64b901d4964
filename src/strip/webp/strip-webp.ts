import { sortKinds, type Kind } from '../../shared/kinds.js';
import type { KeepPolicy } from '../keep-policy.js';
import type { StripResult } from '../strip-result.js';
import { checkWebpLayout } from './check-webp-layout.js';
import { encodeWebpChunk } from './encode-webp-chunk.js';
import { planWebpExif } from './plan-webp-exif.js';
import { sortWebpChunks, type KeptWebpChunk } from './sort-webp-chunks.js';
import { encodeVp8xData, VP8X_FLAG, type Vp8xHeader } from './vp8x-header.js';
import { walkWebpChunks } from './walk-webp-chunks.js';

/** VP8X flags that describe the picture itself and pass through unchanged. */
const IMAGE_FLAGS = VP8X_FLAG.alpha | VP8X_FLAG.animation;

/**
 * Removes metadata from a WebP file, lossy, lossless or animated, without touching the image
 * data. `VP8 `, `VP8L`, `ALPH`, `ANIM` and `ANMF` frames are copied byte for byte and in order,
 * and `ICCP` follows `policy.colorProfile`. `EXIF`, `XMP `, unknown chunks (also inside
 * frames) and bytes after the RIFF chunk are dropped. The kept EXIF fields (orientation by
 * default) are written back as one minimal `EXIF` chunk after the image data. A simple file
 * that needs one gets a VP8X header built from its bitstream's size. The VP8X flags and the
 * RIFF size are rewritten to match. A file with nothing to remove comes back as the input
 * array itself.
 *
 * @throws {AppError} `E_CORRUPT` for a broken RIFF structure or image chunk layout, and
 *   `E_TRUNCATED` when the file ends before the RIFF size or inside a chunk.
 * @example
 * const result = stripWebp(await readFile('render.webp'), DEFAULT_KEEP_POLICY);
 * if (result.changed) await writeFile('render-clean.webp', result.bytes);
 */
export function stripWebp(bytes: Uint8Array, policy: KeepPolicy): StripResult {
  const layout = walkWebpChunks(bytes);
  const structure = checkWebpLayout(layout.chunks);
  const afterHeader = structure.isExtended ? layout.chunks.slice(1) : layout.chunks;
  const sorting = sortWebpChunks(bytes, afterHeader, structure.header, policy);
  const exif = planWebpExif(sorting.exifPayloads, policy);

  const chunks: KeptWebpChunk[] = [...sorting.keptChunks];
  if (exif.tiff !== null) {
    chunks.splice(sorting.exifSlot, 0, { fourcc: 'EXIF', data: exif.tiff });
  }
  if (structure.isExtended || exif.tiff !== null) {
    const data = createVp8xData(structure.header, sorting.hasIcc, exif.tiff !== null);
    chunks.unshift({ fourcc: 'VP8X', data });
  }
  const output = encodeWebpFile(chunks);

  const kept = sortKinds([...sorting.kept, ...exif.kept]);
  if (Buffer.compare(bytes, output) === 0) {
    return { format: 'webp', bytes, removed: [], kept, changed: false };
  }
  const removed = new Set<Kind>([...sorting.removed, ...exif.removed]);
  if (layout.trailerLength > 0) {
    removed.add('trailer');
  }
  return { format: 'webp', bytes: output, removed: sortKinds(removed), kept, changed: true };
}

/**
 * Creates the VP8X payload for the output: the canvas and the alpha and animation flags of
 * `header`, with the ICC and EXIF flags set exactly when those chunks remain, and the XMP flag
 * and reserved bits cleared.
 */
function createVp8xData(header: Vp8xHeader, hasIcc: boolean, hasExif: boolean): Uint8Array {
  const metadataFlags = (hasIcc ? VP8X_FLAG.icc : 0) | (hasExif ? VP8X_FLAG.exif : 0);
  return encodeVp8xData({ ...header, flags: (header.flags & IMAGE_FLAGS) | metadataFlags });
}

/** Joins chunks into a WebP file behind a RIFF header whose size covers them exactly. */
function encodeWebpFile(chunks: readonly KeptWebpChunk[]): Buffer {
  const encoded = chunks.map((chunk) => encodeWebpChunk(chunk.fourcc, chunk.data));
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + encoded.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, ...encoded]);
}
