import type { Kind } from '../../shared/kinds.js';
import { classifyExifTag } from '../exif/classify-exif-tag.js';
import { TIFF_TAG } from './tiff-tags.js';

/** Kinds of page tags that a TIFF page can hold but a JPEG's EXIF IFD0 rarely does. */
const TIFF_TAG_KINDS: ReadonlyMap<number, Kind> = new Map<number, Kind>([
  // SubIFDs hold extra images of the page, mostly reduced-resolution previews; see planTiffPage.
  [TIFF_TAG.subIfds, 'thumbnail'],
  // In a page that is not old-style JPEG, these locate a JPEG preview of the page.
  [TIFF_TAG.jpegInterchangeFormat, 'thumbnail'],
  [TIFF_TAG.jpegInterchangeFormatLength, 'thumbnail'],
  // Free text, often the source file's name or path.
  [TIFF_TAG.documentName, 'comment'],
  [TIFF_TAG.pageName, 'comment'],
  [TIFF_TAG.gpsIfdPointer, 'gps'],
]);

/**
 * Returns the kind of a page tag that the cleaner removes: the TIFF-specific kinds above, else
 * what the EXIF module reports for the same tag in IFD0 (`exif-other` for unknown tags).
 */
export function classifyTiffTag(tag: number): Kind {
  return TIFF_TAG_KINDS.get(tag) ?? classifyExifTag('ifd0', tag);
}
