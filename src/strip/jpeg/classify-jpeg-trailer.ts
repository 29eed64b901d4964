import type { Kind } from '../../shared/kinds.js';

/** The marker Samsung writes before the MP4 of a Motion Photo. */
const SAMSUNG_MOTION_PHOTO = Buffer.from('MotionPhoto_Data', 'latin1');
const FTYP = Buffer.from('ftyp', 'latin1');

/** The largest plausible `ftyp` box: header, brands and a generous list of compatible brands. */
const MAX_FTYP_SIZE = 1024;

/**
 * Returns `motion-photo` when the data after EOI contains an MP4 (an ISO BMFF `ftyp` box with a
 * plausible size, or Samsung's `MotionPhoto_Data` marker), else `trailer`.
 */
export function classifyJpegTrailer(trailer: Uint8Array): Kind {
  const data = Buffer.from(trailer.buffer, trailer.byteOffset, trailer.byteLength);
  if (data.includes(SAMSUNG_MOTION_PHOTO)) {
    return 'motion-photo';
  }
  for (let index = data.indexOf(FTYP, 4); index !== -1; index = data.indexOf(FTYP, index + 1)) {
    const boxSize = data.readUInt32BE(index - 4);
    if (boxSize >= 16 && boxSize <= MAX_FTYP_SIZE && boxSize % 4 === 0) {
      return 'motion-photo';
    }
  }
  return 'trailer';
}
