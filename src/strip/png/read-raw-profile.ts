/**
 * Decodes the body of an ImageMagick "Raw profile type NAME" PNG text chunk, which reads
 * `\nNAME\n<spaces><decimal length>\n<hex digits split into lines>\n`. Returns the profile's
 * bytes, or null when the body does not follow that layout or contains fewer bytes than
 * it declares.
 */
export function readRawProfile(body: Uint8Array): Uint8Array | null {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  const match = /^\n?[^\n]*\n\s*(\d+)\n([0-9a-fA-F\s]*)$/.exec(text);
  const lengthField = match?.[1];
  const hexField = match?.[2];
  if (lengthField === undefined || hexField === undefined) {
    return null;
  }

  const declaredLength = Number(lengthField);
  const hex = hexField.replace(/\s+/g, '');
  if (!Number.isSafeInteger(declaredLength) || hex.length < declaredLength * 2) {
    return null;
  }
  return Uint8Array.from(Buffer.from(hex.slice(0, declaredLength * 2), 'hex'));
}
