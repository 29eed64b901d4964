/** EXIF and TIFF tag numbers that this module reads or writes by name. */
export const EXIF_TAG = {
  orientation: 0x0112,
  copyright: 0x8298,
  exifIfdPointer: 0x8769,
  gpsIfdPointer: 0x8825,
  interopIfdPointer: 0xa005,
  dateTimeOriginal: 0x9003,
  offsetTimeOriginal: 0x9011,
  makerNote: 0x927c,
  colorSpace: 0xa001,
  interopIndex: 0x0001,
} as const;
