import type { Kind } from '../../shared/kinds.js';

/** Which directory of an EXIF block a tag sits in; the classification depends on it. */
export type IfdRole = 'ifd0' | 'exif' | 'gps' | 'interop' | 'thumbnail' | 'other';

/** Kinds of tags in IFD0 and the Exif sub-IFD. Tags not listed here are `exif-other`. */
const TAG_KINDS: ReadonlyMap<number, Kind> = new Map<number, Kind>([
  // Device.
  [0x010f, 'camera-model'], // Make
  [0x0110, 'camera-model'], // Model
  [0xa433, 'camera-model'], // LensMake
  [0xa434, 'camera-model'], // LensModel
  [0xc614, 'camera-model'], // UniqueCameraModel (DNG)
  [0xa431, 'camera-serial'], // BodySerialNumber
  [0xa435, 'camera-serial'], // LensSerialNumber
  [0xc62f, 'camera-serial'], // CameraSerialNumber (DNG)
  // ImageUniqueID is often derived from the body serial and a counter, and it links every
  // copy of a photo to the original, so it counts as a serial.
  [0xa420, 'camera-serial'],
  // People.
  [0x013b, 'owner'], // Artist
  [0x8298, 'owner'], // Copyright
  [0xa430, 'owner'], // CameraOwnerName
  [0x9c9d, 'owner'], // XPAuthor
  // Time.
  [0x0132, 'datetime'], // DateTime (ModifyDate)
  [0x9003, 'datetime'], // DateTimeOriginal
  [0x9004, 'datetime'], // DateTimeDigitized (CreateDate)
  [0x9010, 'datetime'], // OffsetTime
  [0x9011, 'datetime'], // OffsetTimeOriginal
  [0x9012, 'datetime'], // OffsetTimeDigitized
  [0x9290, 'datetime'], // SubSecTime
  [0x9291, 'datetime'], // SubSecTimeOriginal
  [0x9292, 'datetime'], // SubSecTimeDigitized
  [0x882a, 'datetime'], // TimeZoneOffset
  // Software.
  [0x0131, 'software'], // Software
  [0x013c, 'software'], // HostComputer
  [0x000b, 'software'], // ProcessingSoftware
  // Free text.
  [0x010e, 'comment'], // ImageDescription
  [0x9286, 'comment'], // UserComment
  [0x9c9b, 'comment'], // XPTitle
  [0x9c9c, 'comment'], // XPComment
  [0x9c9e, 'comment'], // XPKeywords
  [0x9c9f, 'comment'], // XPSubject
  // Other metadata formats nested in EXIF.
  [0x927c, 'maker-notes'], // MakerNote
  [0x02bc, 'xmp'], // ApplicationNotes (XMP packet)
  [0x83bb, 'iptc'], // IPTC-NAA
  [0x8649, 'iptc'], // Photoshop image resources
  [0x8825, 'gps'], // GPSInfo pointer: counts even when the GPS IFD cannot be read
]);

/**
 * Returns the kind of metadata a tag carries. Every tag of the GPS IFD is `gps`, every tag of
 * IFD1 (the thumbnail's directory) is `thumbnail`, and any tag not in the table is `exif-other`.
 */
export function classifyExifTag(role: IfdRole, tag: number): Kind {
  if (role === 'gps') {
    return 'gps';
  }
  if (role === 'thumbnail') {
    return 'thumbnail';
  }
  if (role === 'ifd0' || role === 'exif') {
    return TAG_KINDS.get(tag) ?? 'exif-other';
  }
  return 'exif-other';
}
