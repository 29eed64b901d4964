import type { Kind } from '../../shared/kinds.js';
import { classifyExifTag, type IfdRole } from '../exif/classify-exif-tag.js';
import { EXIF_TAG } from '../exif/exif-tags.js';
import { isExifDate, isExifOffset } from '../exif/exif-values.js';
import { readIfd, type IfdEntry } from '../exif/read-ifd.js';
import { readIfdAscii, readIfdInteger, readIfdPointer } from '../exif/read-ifd-value.js';
import type { TiffReader } from '../exif/tiff-reader.js';

/** The contents of a TIFF page's Exif IFD: kinds, and the values the cleaner may keep. */
export interface TiffExifIfd {
  /** Kinds of every tag other than a well-formed DateTimeOriginal and OffsetTimeOriginal. */
  readonly kinds: ReadonlySet<Kind>;
  /** DateTimeOriginal when it is a well-formed EXIF date, else null. */
  readonly captureDate: string | null;
  /** OffsetTimeOriginal when it is a well-formed offset, else null. */
  readonly offsetTimeOriginal: string | null;
  /** True when ColorSpace marks Adobe RGB (2, or 0xFFFF with the Interop index `R03`). */
  readonly isAdobeRgb: boolean;
}

const COLOR_SPACE_ADOBE_RGB = 2;
const COLOR_SPACE_UNCALIBRATED = 0xffff;

/**
 * Classifies the tags of the Exif IFD at `offset` and of the Interop and GPS IFDs it points
 * to, as the EXIF module does for a JPEG's EXIF block. Never throws: an unreadable directory
 * counts as `exif-other` (or `gps`).
 */
export function inspectTiffExifIfd(reader: TiffReader, offset: number): TiffExifIfd {
  const walk = new ExifIfdWalk(reader);
  walk.walk(offset, 'exif');
  return walk.toResult();
}

/**
 * Returns {@link inspectTiffExifIfd} for one file, inspecting each offset once, because every
 * page of a hostile file may point to the same large Exif IFD.
 */
export function createExifIfdInspector(reader: TiffReader): (offset: number) => TiffExifIfd {
  const inspected = new Map<number, TiffExifIfd>();
  return (offset) => {
    let result = inspected.get(offset);
    if (result === undefined) {
      result = inspectTiffExifIfd(reader, offset);
      inspected.set(offset, result);
    }
    return result;
  };
}

class ExifIfdWalk {
  readonly #reader: TiffReader;
  readonly #visited = new Set<number>();
  readonly #kinds = new Set<Kind>();
  #captureDate: string | null = null;
  #offsetTimeOriginal: string | null = null;
  #colorSpace: number | null = null;
  #interopIndex: string | null = null;

  constructor(reader: TiffReader) {
    this.#reader = reader;
  }

  walk(offset: number, role: IfdRole): void {
    const ifd = this.#visited.has(offset) || offset < 8 ? null : readIfd(this.#reader, offset);
    this.#visited.add(offset);
    if (ifd === null || !ifd.isComplete) {
      this.#kinds.add(role === 'gps' ? 'gps' : 'exif-other');
      return;
    }
    for (const entry of ifd.entries) {
      this.#visitEntry(entry, role);
    }
  }

  toResult(): TiffExifIfd {
    const isUncalibratedR03 =
      this.#colorSpace === COLOR_SPACE_UNCALIBRATED && this.#interopIndex === 'R03';
    return {
      kinds: this.#kinds,
      captureDate: this.#captureDate,
      offsetTimeOriginal: this.#offsetTimeOriginal,
      isAdobeRgb: this.#colorSpace === COLOR_SPACE_ADOBE_RGB || isUncalibratedR03,
    };
  }

  #visitEntry(entry: IfdEntry, role: IfdRole): void {
    const pointerRole = getPointerRole(entry.tag, role);
    if (pointerRole !== null) {
      if (pointerRole === 'gps') {
        this.#kinds.add('gps');
      }
      const pointer = readIfdPointer(this.#reader, entry);
      if (pointer === null) {
        this.#kinds.add('exif-other');
      } else {
        this.walk(pointer, pointerRole);
      }
      return;
    }
    if (role === 'exif' && entry.tag === EXIF_TAG.dateTimeOriginal) {
      this.#captureDate = this.#readDateText(entry, isExifDate, this.#captureDate);
      return;
    }
    if (role === 'exif' && entry.tag === EXIF_TAG.offsetTimeOriginal) {
      const current = this.#offsetTimeOriginal;
      this.#offsetTimeOriginal = this.#readDateText(entry, isExifOffset, current);
      return;
    }
    if (role === 'exif' && entry.tag === EXIF_TAG.colorSpace) {
      this.#colorSpace ??= readIfdInteger(this.#reader, entry);
    }
    if (role === 'interop' && entry.tag === EXIF_TAG.interopIndex) {
      this.#interopIndex ??= readIfdAscii(this.#reader, entry);
    }
    this.#kinds.add(classifyExifTag(role, entry.tag));
  }

  /**
   * Returns the entry's text when it is valid and the first of its tag, else records a
   * `datetime` the cleaner cannot keep and returns `current`.
   */
  #readDateText(
    entry: IfdEntry,
    isValid: (value: string) => boolean,
    current: string | null,
  ): string | null {
    const value = current === null ? readIfdAscii(this.#reader, entry) : null;
    if (value !== null && isValid(value)) {
      return value;
    }
    this.#kinds.add('datetime');
    return current;
  }
}

/** Returns the role of the directory `tag` points to inside the Exif IFD, or null. */
function getPointerRole(tag: number, role: IfdRole): IfdRole | null {
  if (role !== 'exif') {
    return null;
  }
  if (tag === EXIF_TAG.interopIfdPointer) {
    return 'interop';
  }
  return tag === EXIF_TAG.gpsIfdPointer ? 'gps' : null;
}
