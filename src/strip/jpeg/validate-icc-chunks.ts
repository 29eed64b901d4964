/** The verdict on the ICC_PROFILE chunks of a JPEG. */
export type IccChunksVerdict =
  /** The chunks reassemble into a profile with a valid header. */
  | { readonly status: 'valid' }
  /** No reader can use the chunks: bad numbering, or no ICC header. Dropping them is lossless. */
  | { readonly status: 'unusable'; readonly reason: string }
  /**
   * The chunks reassemble into an ICC header whose size field differs from the bytes present.
   * Little CMS 2 (cmsio0.c) takes the smaller of the two and still applies the profile, so
   * dropping it could change colours, and keeping it would keep bytes outside the profile.
   */
  | {
      readonly status: 'size-mismatch';
      readonly declaredSize: number;
      readonly actualSize: number;
    };

/** "ICC_PROFILE\0", then the chunk's sequence number and the chunk count, one byte each. */
const CHUNK_HEADER_SIZE = 14;

/** The fixed ICC profile header, which ends where the tag table begins. */
const ICC_HEADER_SIZE = 128;

/** The profile file signature `acsp` at byte 36 of every ICC profile. */
const ICC_SIGNATURE = [0x61, 0x63, 0x73, 0x70];
const ICC_SIGNATURE_OFFSET = 36;

/**
 * Validates the APP2 payloads of a JPEG's ICC profile, each starting with "ICC_PROFILE\0", the way
 * the ICC specification (Annex B) embeds a profile: the chunks agree on their count, and their
 * sequence numbers are 1..count, each once. Reassembled in sequence order, they must form a
 * profile with the `acsp` signature at byte 36 and a size field (bytes 0..3) equal to its length.
 * The tag table and tag data are not read.
 */
export function validateIccChunks(payloads: readonly Uint8Array[]): IccChunksVerdict {
  const ordered = orderChunks(payloads);
  if (typeof ordered === 'string') {
    return { status: 'unusable', reason: ordered };
  }
  const profile = Buffer.concat(ordered.map((payload) => payload.subarray(CHUNK_HEADER_SIZE)));
  if (profile.length < ICC_HEADER_SIZE) {
    return { status: 'unusable', reason: 'the profile is shorter than an ICC header' };
  }
  const hasSignature = ICC_SIGNATURE.every(
    (byte, index) => profile[ICC_SIGNATURE_OFFSET + index] === byte,
  );
  if (!hasSignature) {
    return { status: 'unusable', reason: 'the profile lacks the acsp signature' };
  }
  const declaredSize = profile.readUInt32BE(0);
  if (declaredSize !== profile.length) {
    return { status: 'size-mismatch', declaredSize, actualSize: profile.length };
  }
  return { status: 'valid' };
}

/** Returns the payloads in sequence order, or the reason their numbering is invalid. */
function orderChunks(payloads: readonly Uint8Array[]): Uint8Array[] | string {
  const count = payloads[0]?.[CHUNK_HEADER_SIZE - 1] ?? 0;
  if (count === 0 || payloads.length !== count) {
    return `${payloads.length} chunks are present, and the first declares ${count}`;
  }
  const ordered: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(count);
  for (const payload of payloads) {
    const sequence = payload[CHUNK_HEADER_SIZE - 2] ?? 0;
    const isNumbered = payload.length >= CHUNK_HEADER_SIZE && sequence >= 1 && sequence <= count;
    if (!isNumbered || payload[CHUNK_HEADER_SIZE - 1] !== count) {
      return 'a chunk has no valid sequence number or disagrees on the count';
    }
    if (ordered[sequence - 1] !== undefined) {
      return `chunk ${sequence} appears twice`;
    }
    ordered[sequence - 1] = payload;
  }
  // Every slot is filled: there are `count` distinct sequence numbers in 1..count.
  return ordered.filter((payload) => payload !== undefined);
}
