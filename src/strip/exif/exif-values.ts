/** `YYYY:MM:DD HH:MM:SS`, the only date form that EXIF defines. */
const EXIF_DATE = /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/;

/** `+HH:MM` or `-HH:MM`, the form of the EXIF 2.31 OffsetTime tags. */
const EXIF_OFFSET = /^[+-]\d{2}:\d{2}$/;

/** Returns true when `value` is a complete EXIF date such as `2024:05:01 13:45:00`. */
export function isExifDate(value: string): boolean {
  return EXIF_DATE.test(value);
}

/** Returns true when `value` is an EXIF time zone offset such as `+02:00`. */
export function isExifOffset(value: string): boolean {
  return EXIF_OFFSET.test(value);
}

/**
 * Returns true when `value` can be written back as an EXIF ASCII copyright: not empty, and
 * every character one byte (latin1) other than a NUL at either end.
 */
export function isExifCopyright(value: string): boolean {
  if (value.length === 0 || value.startsWith('\0') || value.endsWith('\0')) {
    return false;
  }
  for (let index = 0; index < value.length; index += 1) {
    if (value.charCodeAt(index) > 0xff) {
      return false;
    }
  }
  return true;
}
