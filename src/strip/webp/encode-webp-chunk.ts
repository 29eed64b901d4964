/**
 * Encodes one RIFF chunk: the four-character type, the little-endian payload size, the
 * payload, and a zero padding byte when the size is odd.
 */
export function encodeWebpChunk(fourcc: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(8 + data.length + (data.length % 2));
  chunk.set(Buffer.from(fourcc, 'latin1'));
  new DataView(chunk.buffer).setUint32(4, data.length, true);
  chunk.set(data, 8);
  return chunk;
}
