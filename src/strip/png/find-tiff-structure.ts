/** The 6-byte header that precedes the TIFF structure in JPEG APP1 and raw EXIF profiles. */
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

/**
 * Returns the TIFF structure inside an EXIF block, skipping a leading `Exif\0\0` header when
 * present (ImageMagick's raw profiles and some `eXIf` writers include it), or null when no
 * TIFF byte-order mark follows.
 */
export function findTiffStructure(exif: Uint8Array): Uint8Array | null {
  const hasExifHeader =
    exif.length >= EXIF_HEADER.length && EXIF_HEADER.every((byte, i) => exif[i] === byte);
  const tiff = hasExifHeader ? exif.subarray(EXIF_HEADER.length) : exif;
  const isLittleEndian = tiff[0] === 0x49 && tiff[1] === 0x49 && tiff[2] === 0x2a && tiff[3] === 0;
  const isBigEndian = tiff[0] === 0x4d && tiff[1] === 0x4d && tiff[2] === 0 && tiff[3] === 0x2a;
  return isLittleEndian || isBigEndian ? tiff : null;
}
