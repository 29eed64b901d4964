import { isExtensionMarker, isImageDefiningMarker, JPEG_MARKER } from './jpeg-markers.js';
import type { JpegSegment } from './read-jpeg-segments.js';

/** The role of a JPEG segment, as far as cleaning is concerned. */
export type JpegSegmentRole =
  | 'image' // SOF, DHT, DAC, DQT, DNL, DRI, DHP, EXP or SOS
  | 'jfif' // APP0 "JFIF"
  | 'jfxx' // APP0 "JFXX", the JFIF extension that carries a thumbnail
  | 'exif' // APP1 "Exif"
  | 'xmp' // APP1 standard XMP packet
  | 'xmp-extended' // APP1 Extended XMP chunk
  | 'icc' // APP2 "ICC_PROFILE" chunk
  | 'mpf' // APP2 "MPF", the multi-picture index
  | 'iso-gain-map' // APP2 ISO 21496-1 gain map metadata
  | 'jumbf' // APP11 JUMBF box, where C2PA manifests live
  | 'photoshop' // APP13 "Photoshop 3.0" image resources (IPTC and more)
  | 'adobe' // APP14 "Adobe", the colour transform needed to decode CMYK and RGB data
  | 'comment' // COM
  | 'extension' // JPG and JPG0..JPG13, reserved for JPEG extensions
  | 'other'; // any other APPn: FlashPix, vendor data, unknown identifiers

/** APPn identifiers, matched at the start of the payload. */
const IDENTIFIERS: readonly (readonly [number, string, JpegSegmentRole])[] = [
  [JPEG_MARKER.app0, 'JFIF\0', 'jfif'],
  [JPEG_MARKER.app0, 'JFXX\0', 'jfxx'],
  [JPEG_MARKER.app1, 'Exif\0', 'exif'],
  [JPEG_MARKER.app1, 'http://ns.adobe.com/xap/1.0/\0', 'xmp'],
  [JPEG_MARKER.app1, 'http://ns.adobe.com/xmp/extension/\0', 'xmp-extended'],
  [JPEG_MARKER.app2, 'ICC_PROFILE\0', 'icc'],
  [JPEG_MARKER.app2, 'MPF\0', 'mpf'],
  [JPEG_MARKER.app2, 'urn:iso:std:iso:ts:21496:-1\0', 'iso-gain-map'],
  [JPEG_MARKER.app11, 'JP', 'jumbf'],
  [JPEG_MARKER.app13, 'Photoshop 3.0\0', 'photoshop'],
  [JPEG_MARKER.app14, 'Adobe', 'adobe'],
];

/** Identifies a segment by its marker and, for APPn, the identifier its payload starts with. */
export function identifyJpegSegment(segment: JpegSegment): JpegSegmentRole {
  if (isImageDefiningMarker(segment.marker)) {
    return 'image';
  }
  if (segment.marker === JPEG_MARKER.com) {
    return 'comment';
  }
  if (isExtensionMarker(segment.marker)) {
    return 'extension';
  }
  for (const [marker, identifier, role] of IDENTIFIERS) {
    if (segment.marker === marker && hasPrefix(segment.payload, identifier)) {
      return role;
    }
  }
  return 'other';
}

/** Returns true when `bytes` start with the ASCII text `prefix`. */
function hasPrefix(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) {
    return false;
  }
  for (let index = 0; index < prefix.length; index += 1) {
    if (bytes[index] !== prefix.charCodeAt(index)) {
      return false;
    }
  }
  return true;
}
