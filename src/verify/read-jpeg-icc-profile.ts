/** "ICC_PROFILE\0", the sequence number and the chunk count before each chunk's data. */
const ICC_IDENTIFIER = Buffer.from('ICC_PROFILE\0', 'latin1');
const CHUNK_HEADER_SIZE = ICC_IDENTIFIER.length + 2;

/** The fixed ICC header: size at bytes 0..3, the `acsp` signature at 36..39. */
const ICC_HEADER_SIZE = 128;
const ICC_SIGNATURE = Buffer.from('acsp', 'latin1');

/**
 * Reassembles the ICC profile that a JPEG's ICC_PROFILE APP2 payloads carry, or returns null
 * when they do not form exactly one valid profile. Valid means: every payload starts with
 * "ICC_PROFILE\0" and states the same chunk count, the sequence numbers are exactly 1..count,
 * and the profile they form has the `acsp` signature and a size field equal to its length. This
 * is the structure check's own reading, separate from the stripper's, so that one mistake cannot
 * pass both.
 */
export function readJpegIccProfile(payloads: readonly Uint8Array[]): Buffer | null {
  const chunks = new Map<number, Uint8Array>();
  for (const payload of payloads) {
    const header = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    if (header.length < CHUNK_HEADER_SIZE || !header.subarray(0, 12).equals(ICC_IDENTIFIER)) {
      return null;
    }
    const sequence = header[12] ?? 0;
    const count = header[13] ?? 0;
    if (count !== payloads.length || sequence < 1 || sequence > count || chunks.has(sequence)) {
      return null;
    }
    chunks.set(sequence, header.subarray(CHUNK_HEADER_SIZE));
  }
  const ordered = [...chunks.entries()].sort(([left], [right]) => left - right);
  const profile = Buffer.concat(ordered.map(([, data]) => data));
  const isHeaderValid =
    profile.length >= ICC_HEADER_SIZE &&
    profile.readUInt32BE(0) === profile.length &&
    profile.subarray(36, 40).equals(ICC_SIGNATURE);
  return payloads.length > 0 && isHeaderValid ? profile : null;
}
