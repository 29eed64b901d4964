import type { Kind } from '../../shared/kinds.js';
import {
  buildAppleMakerNote,
  readAppleHdrValues,
  type AppleHdrValues,
} from './apple-maker-note.js';
import { classifyExifTag, type IfdRole } from './classify-exif-tag.js';
import { EXIF_TAG } from './exif-tags.js';
import { isExifCopyright, isExifDate, isExifOffset } from './exif-values.js';
import { readIfd, type IfdEntry } from './read-ifd.js';
import { readIfdAscii, readIfdInteger, readIfdPointer } from './read-ifd-value.js';
import { TiffReader } from './tiff-reader.js';

/** The kinds of metadata in an EXIF block, plus the few values our minimal block can carry. */
export interface ExifInspection {
  /** IFD0 Orientation (1..8), or null when absent, out of range or stored with a wrong type. */
  readonly orientation: number | null;
  /** Every kind found. Orientation adds none, because it is reported through `orientation`. */
  readonly kinds: ReadonlySet<Kind>;
  /** The Exif sub-IFD's DateTimeOriginal when it is a well-formed EXIF date, else null. */
  readonly captureDate: string | null;
  /** The Exif sub-IFD's OffsetTimeOriginal when it is a well-formed offset, else null. */
  readonly offsetTimeOriginal: string | null;
  /** IFD0 Copyright as raw latin1 text, or null when absent or unusable. */
  readonly copyright: string | null;
  /**
   * Kinds found in tags other than the four values above: what must be reported as removed
   * even when the keep policy writes all of those values back.
   */
  readonly kindsBeyondMinimal: ReadonlySet<Kind>;
  /**
   * True when the block marks Adobe RGB through ColorSpace (2, or 0xFFFF with the Interop
   * index `R03`, as DCF cameras write it) rather than through an ICC profile.
   */
  readonly isAdobeRgb: boolean;
  /**
   * HDRHeadroom and HDRGain from an Apple MakerNote in the Exif sub-IFD, or null. A MakerNote
   * that holds exactly these two values, as our minimal block writes it, adds `maker-notes` to
   * `kinds` only, so that a kept gain map's block counts as minimal.
   */
  readonly appleHdr: AppleHdrValues | null;
}

/** The maximum number of directories walked in one block; more means a hostile or broken file. */
const MAX_IFDS = 64;

/** The smallest valid IFD offset: right after the 8-byte TIFF header. */
const MIN_IFD_OFFSET = 8;

/** ColorSpace values: Adobe RGB as some cameras write it, and DCF's "uncalibrated". */
const COLOR_SPACE_ADOBE_RGB = 2;
const COLOR_SPACE_UNCALIBRATED = 0xffff;

/**
 * Classifies every tag of an EXIF block into kinds and reads the values that our minimal
 * block can write back. `tiff` is the block from its TIFF header on (without `Exif\0\0`).
 * Never throws: loops, out-of-bounds offsets and wrong types are reported as `exif-other`
 * (or the kind of the directory they sit in), and a block without a valid TIFF header is one
 * `exif-other` with no orientation.
 */
export function inspectExif(tiff: Uint8Array): ExifInspection {
  const reader = TiffReader.open(tiff);
  if (reader === null) {
    const unreadable = new Set<Kind>(['exif-other']);
    return {
      orientation: null,
      kinds: unreadable,
      captureDate: null,
      offsetTimeOriginal: null,
      copyright: null,
      kindsBeyondMinimal: unreadable,
      isAdobeRgb: false,
      appleHdr: null,
    };
  }
  const walk = new ExifWalk(reader);
  walk.walkChain(reader.firstIfdOffset);
  return walk.toInspection();
}

/** The state of one pass over an EXIF block's directories. */
class ExifWalk {
  readonly #reader: TiffReader;
  readonly #visited = new Set<number>();
  readonly #kinds = new Set<Kind>();
  readonly #kindsBeyondMinimal = new Set<Kind>();
  #orientation: number | null = null;
  #captureDate: string | null = null;
  #offsetTimeOriginal: string | null = null;
  #copyright: string | null = null;
  #colorSpace: number | null = null;
  #interopIndex: string | null = null;
  #appleHdr: AppleHdrValues | null = null;

  constructor(reader: TiffReader) {
    this.#reader = reader;
  }

  /** Walks IFD0 and the IFDs chained after it: IFD1 is the thumbnail, any later one "other". */
  walkChain(firstOffset: number): void {
    let offset = firstOffset;
    let role: IfdRole = 'ifd0';
    while (offset !== 0) {
      const next = this.#walkIfd(offset, role);
      if (next === null) {
        return;
      }
      offset = next;
      role = role === 'ifd0' ? 'thumbnail' : 'other';
    }
  }

  toInspection(): ExifInspection {
    const isUncalibratedR03 =
      this.#colorSpace === COLOR_SPACE_UNCALIBRATED && this.#interopIndex === 'R03';
    return {
      orientation: this.#orientation,
      kinds: this.#kinds,
      captureDate: this.#captureDate,
      offsetTimeOriginal: this.#offsetTimeOriginal,
      copyright: this.#copyright,
      kindsBeyondMinimal: this.#kindsBeyondMinimal,
      isAdobeRgb: this.#colorSpace === COLOR_SPACE_ADOBE_RGB || isUncalibratedR03,
      appleHdr: this.#appleHdr,
    };
  }

  /** Walks one IFD and the sub-IFDs it points to; returns the next IFD's offset or null. */
  #walkIfd(offset: number, role: IfdRole): number | null {
    if (this.#visited.has(offset) || this.#visited.size >= MAX_IFDS) {
      // A loop or a flood of directories: nothing new to classify, but the block is malformed.
      this.#add('exif-other');
      return null;
    }
    if (offset < MIN_IFD_OFFSET) {
      this.#addMalformed(role);
      return null;
    }
    this.#visited.add(offset);
    const ifd = readIfd(this.#reader, offset);
    if (ifd === null) {
      this.#addMalformed(role);
      return null;
    }
    if (!ifd.isComplete) {
      this.#addMalformed(role);
    }
    for (const entry of ifd.entries) {
      this.#visitEntry(entry, role);
    }
    return ifd.nextIfdOffset;
  }

  #visitEntry(entry: IfdEntry, role: IfdRole): void {
    const subIfdRole = getSubIfdRole(entry.tag, role);
    if (subIfdRole !== null) {
      this.#walkSubIfd(entry, role, subIfdRole);
      return;
    }
    if (role === 'ifd0' && entry.tag === EXIF_TAG.orientation) {
      this.#readOrientation(entry);
      return;
    }
    if (role === 'ifd0' && entry.tag === EXIF_TAG.copyright) {
      this.#copyright = this.#readKeptText(entry, 'owner', isExifCopyright, this.#copyright);
      return;
    }
    if (role === 'exif' && entry.tag === EXIF_TAG.dateTimeOriginal) {
      this.#captureDate = this.#readKeptText(entry, 'datetime', isExifDate, this.#captureDate);
      return;
    }
    if (role === 'exif' && entry.tag === EXIF_TAG.offsetTimeOriginal) {
      const current = this.#offsetTimeOriginal;
      this.#offsetTimeOriginal = this.#readKeptText(entry, 'datetime', isExifOffset, current);
      return;
    }
    if (role === 'exif' && entry.tag === EXIF_TAG.makerNote) {
      this.#readMakerNote(entry);
      return;
    }
    this.#recordColorSpace(entry, role);
    this.#add(classifyExifTag(role, entry.tag));
  }

  /** Reads Apple's HDR values; only a MakerNote holding nothing else counts as minimal. */
  #readMakerNote(entry: IfdEntry): void {
    const bytes =
      entry.valueLength === null
        ? null
        : this.#reader.readBytes(entry.valueOffset, entry.valueLength);
    const values = bytes === null ? null : readAppleHdrValues(bytes);
    if (bytes === null || values === null || this.#appleHdr !== null) {
      this.#add('maker-notes');
      return;
    }
    this.#appleHdr = values;
    const isMinimal = Buffer.from(bytes).equals(buildAppleMakerNote(values));
    if (isMinimal) {
      this.#kinds.add('maker-notes');
    } else {
      this.#add('maker-notes');
    }
  }

  #walkSubIfd(entry: IfdEntry, role: IfdRole, subIfdRole: IfdRole): void {
    if (subIfdRole === 'gps') {
      // The pointer alone shows that the file was geotagged, even if the GPS IFD is unreadable.
      this.#add('gps');
    }
    const pointer = readIfdPointer(this.#reader, entry);
    if (pointer === null) {
      this.#addMalformed(role);
      return;
    }
    // Sub-IFDs have no chain of their own; a non-zero next offset there is ignored.
    this.#walkIfd(pointer, subIfdRole);
  }

  #readOrientation(entry: IfdEntry): void {
    const value = readIfdInteger(this.#reader, entry);
    if (this.#orientation === null && value !== null && value >= 1 && value <= 8) {
      this.#orientation = value;
      return;
    }
    this.#add('exif-other');
  }

  /**
   * Returns the ASCII value of `entry` when our minimal block may carry it and no earlier tag
   * supplied one (`current`). Otherwise records `kind` as beyond the minimal block (wrong type,
   * malformed value or repeated tag) and returns `current`.
   */
  #readKeptText(
    entry: IfdEntry,
    kind: Kind,
    isValid: (value: string) => boolean,
    current: string | null,
  ): string | null {
    this.#kinds.add(kind);
    const value = current === null ? readIfdAscii(this.#reader, entry) : null;
    if (value !== null && isValid(value)) {
      return value;
    }
    this.#kindsBeyondMinimal.add(kind);
    return current;
  }

  #recordColorSpace(entry: IfdEntry, role: IfdRole): void {
    if (role === 'exif' && entry.tag === EXIF_TAG.colorSpace) {
      this.#colorSpace ??= readIfdInteger(this.#reader, entry);
    }
    if (role === 'interop' && entry.tag === EXIF_TAG.interopIndex) {
      this.#interopIndex ??= readIfdAscii(this.#reader, entry);
    }
  }

  #add(kind: Kind): void {
    this.#kinds.add(kind);
    this.#kindsBeyondMinimal.add(kind);
  }

  /** Records an unreadable part with the kind of the directory it belongs to. */
  #addMalformed(role: IfdRole): void {
    this.#add(role === 'gps' || role === 'thumbnail' ? role : 'exif-other');
  }
}

/** Returns the role of the directory that `tag` points to, or null when it is no pointer. */
function getSubIfdRole(tag: number, role: IfdRole): IfdRole | null {
  if (role === 'gps' || role === 'interop') {
    // Tag numbers in these directories have their own meanings.
    return null;
  }
  switch (tag) {
    case EXIF_TAG.exifIfdPointer:
      return 'exif';
    case EXIF_TAG.gpsIfdPointer:
      return 'gps';
    case EXIF_TAG.interopIfdPointer:
      return 'interop';
    default:
      return null;
  }
}
