import { AppError } from '../../shared/errors.js';
import type { Kind } from '../../shared/kinds.js';
import type { IfdEntry } from '../exif/read-ifd.js';
import { readIfdAscii, readIfdInteger, readIfdPointer } from '../exif/read-ifd-value.js';
import { TIFF_TYPE, type TiffReader } from '../exif/tiff-reader.js';
import type { KeepPolicy } from '../keep-policy.js';
import { classifyTiffTag } from './classify-tiff-tag.js';
import type { TiffExifIfd } from './inspect-tiff-exif-ifd.js';
import { readEntryBytes } from './read-entry-value.js';
import type { ImageBlocks } from './read-image-blocks.js';
import type { TiffPage } from './read-tiff-pages.js';
import { TIFF_STRUCTURE_TAGS } from './tiff-structure-tags.js';
import { OLD_JPEG_COMPRESSION, TIFF_TAG } from './tiff-tags.js';

/** What {@link planTiffPage} needs besides the page: the file, the policy and an inspector. */
export interface TiffPageContext {
  readonly reader: TiffReader;
  readonly policy: KeepPolicy;
  /** Inspects the Exif IFD at an offset, once per offset however many pages point to it. */
  readonly inspectExifIfd: (offset: number) => TiffExifIfd;
}

/** The capture date that a cleaned page carries in its own minimal Exif IFD. */
export interface KeptCaptureDate {
  /** DateTimeOriginal, `YYYY:MM:DD HH:MM:SS`. */
  readonly captureDate: string;
  /** OffsetTimeOriginal, `+HH:MM` or `-HH:MM`, or null when the input had none. */
  readonly offsetTimeOriginal: string | null;
}

/** The cleaner's decisions for one TIFF page. */
export interface TiffPagePlan {
  /** Entries the output copies unchanged (apart from strip and tile offsets), in input order. */
  readonly keptEntries: readonly IfdEntry[];
  readonly blocks: ImageBlocks;
  /** The capture date for the page's new Exif IFD, or null for no Exif IFD. */
  readonly captureDate: KeptCaptureDate | null;
  /** The input's Exif IFD offset when it already holds only the kept capture date, else null. */
  readonly keptExifIfdOffset: number | null;
  /** True when the output page gets the Adobe RGB compatible ICC profile. */
  readonly addsAdobeRgbProfile: boolean;
  readonly removed: ReadonlySet<Kind>;
  readonly kept: ReadonlySet<Kind>;
  /** True when the page contains nothing to remove or add, so its IFD can stay as it is. */
  readonly isUnchanged: boolean;
}

/** The largest valid Orientation. 1 is the identity, and 2-8 rotate or mirror. */
const MAX_ORIENTATION = 8;

/**
 * Decides which entries of one page (numbered from 1 in messages) the cleaned file keeps: the
 * image structure tags always, and Orientation, the ICC profile, Copyright and DateTimeOriginal
 * from the Exif IFD when the policy keeps them. Everything else is removed and reported by
 * kind.
 *
 * SubIFDs go as `thumbnail`. They hold extra images of the page: reduced-resolution previews
 * (which may show the picture before it was cropped or edited), and in RAW files the sensor
 * data, which {@link detectTiffRawFormat} rejects before this runs. The pages of the main
 * chain already carry the full picture.
 *
 * When the policy keeps colour profiles, a page without an ICC profile whose Exif IFD marks
 * Adobe RGB gets the Adobe RGB compatible profile, because that marking goes with the Exif IFD.
 *
 * @throws AppError `E_UNSUPPORTED_FORMAT` for old-style JPEG compression, `E_CORRUPT` for a
 *   doubled or malformed kept tag, and `E_TRUNCATED` for a kept value past the end of the file.
 */
export function planTiffPage(
  context: TiffPageContext,
  page: TiffPage,
  pageNumber: number,
  blocks: ImageBlocks,
): TiffPagePlan {
  const planner = new PagePlanner(context, pageNumber);
  for (const entry of page.entries) {
    planner.visit(entry);
  }
  return { ...planner.finish(), blocks };
}

class PagePlanner {
  readonly #reader: TiffReader;
  readonly #pageNumber: number;
  readonly #policy: KeepPolicy;
  readonly #inspectExifIfd: (offset: number) => TiffExifIfd;
  readonly #keptEntries: IfdEntry[] = [];
  readonly #keptTags = new Set<number>();
  readonly #removed = new Set<Kind>();
  readonly #kept = new Set<Kind>();
  #hasRemovals = false;
  #hasIccProfile = false;
  #exif: TiffExifIfd | null = null;
  #exifIfdOffset: number | null = null;

  constructor(context: TiffPageContext, pageNumber: number) {
    this.#reader = context.reader;
    this.#pageNumber = pageNumber;
    this.#policy = context.policy;
    this.#inspectExifIfd = context.inspectExifIfd;
  }

  visit(entry: IfdEntry): void {
    if (TIFF_STRUCTURE_TAGS.has(entry.tag)) {
      this.#checkCompression(entry);
      this.#keep(entry);
      return;
    }
    switch (entry.tag) {
      case TIFF_TAG.orientation:
        this.#visitOrientation(entry);
        return;
      case TIFF_TAG.iccProfile:
        this.#hasIccProfile = true;
        this.#keepIf(entry, this.#policy.colorProfile === true, 'icc-profile', 'icc-profile');
        return;
      case TIFF_TAG.copyright:
        this.#keepIf(entry, this.#policy.copyright && this.#isText(entry), 'copyright', 'owner');
        return;
      case TIFF_TAG.exifIfdPointer:
        this.#visitExifIfd(entry);
        return;
      default:
        this.#remove(classifyTiffTag(entry.tag));
    }
  }

  finish(): Omit<TiffPagePlan, 'blocks'> {
    const exif = this.#exif;
    const captureDate = exif === null ? null : this.#planExifIfd(exif);
    const isExifKeptAsIs = captureDate !== null && exif?.kinds.size === 0;
    const addsAdobeRgbProfile =
      !this.#hasIccProfile && this.#policy.colorProfile === true && exif?.isAdobeRgb === true;
    if (addsAdobeRgbProfile) {
      this.#kept.add('icc-profile');
    }
    return {
      keptEntries: this.#keptEntries,
      captureDate,
      keptExifIfdOffset: isExifKeptAsIs ? this.#exifIfdOffset : null,
      addsAdobeRgbProfile,
      removed: this.#removed,
      kept: this.#kept,
      isUnchanged: !this.#hasRemovals && !addsAdobeRgbProfile,
    };
  }

  /**
   * Returns the capture date the page keeps from its Exif IFD, or null, and records what the
   * Exif IFD loses. The IFD stays as it is only when it contains nothing but the kept date.
   */
  #planExifIfd(exif: TiffExifIfd): KeptCaptureDate | null {
    const { captureDate, offsetTimeOriginal } = exif;
    if (this.#policy.captureDate && captureDate !== null) {
      this.#kept.add('capture-date');
      if (exif.kinds.size > 0) {
        this.#hasRemovals = true;
      }
      return { captureDate, offsetTimeOriginal };
    }
    this.#hasRemovals = true;
    if (captureDate !== null || offsetTimeOriginal !== null) {
      this.#removed.add('datetime');
    } else if (exif.kinds.size === 0) {
      this.#removed.add('exif-other'); // an Exif IFD without tags still goes
    }
    return null;
  }

  #visitOrientation(entry: IfdEntry): void {
    const orientation = readIfdInteger(this.#reader, entry);
    const isValid = orientation !== null && orientation >= 1 && orientation <= MAX_ORIENTATION;
    if (isValid && this.#policy.orientation === true) {
      this.#keep(entry);
      if (orientation > 1) {
        this.#kept.add('orientation');
      }
      return;
    }
    this.#hasRemovals = true;
    if (!isValid) {
      this.#removed.add('exif-other');
    } else if (orientation > 1) {
      this.#removed.add('orientation');
    }
  }

  #visitExifIfd(entry: IfdEntry): void {
    const offset = readIfdPointer(this.#reader, entry);
    if (this.#exif !== null || offset === null) {
      this.#remove('exif-other');
      return;
    }
    this.#exif = this.#inspectExifIfd(offset);
    this.#exifIfdOffset = offset;
    for (const kind of this.#exif.kinds) {
      this.#removed.add(kind);
    }
  }

  #keepIf(entry: IfdEntry, isKept: boolean, keptKind: Kind, removedKind: Kind): void {
    if (isKept) {
      this.#keep(entry);
      this.#kept.add(keptKind);
    } else {
      this.#remove(removedKind);
    }
  }

  #keep(entry: IfdEntry): void {
    const name = `Tag ${entry.tag} of page ${this.#pageNumber} of the TIFF file`;
    if (this.#keptTags.has(entry.tag)) {
      throw new AppError('E_CORRUPT', `${name} appears twice.`);
    }
    if (entry.valueLength === null) {
      throw new AppError('E_CORRUPT', `${name} has the unknown field type ${entry.type}.`);
    }
    if (readEntryBytes(this.#reader, entry) === null) {
      throw new AppError('E_TRUNCATED', `${name} has a value past the end of the file.`);
    }
    this.#keptTags.add(entry.tag);
    this.#keptEntries.push(entry);
  }

  #remove(kind: Kind): void {
    this.#hasRemovals = true;
    this.#removed.add(kind);
  }

  #isText(entry: IfdEntry): boolean {
    return entry.type === TIFF_TYPE.ascii && (readIfdAscii(this.#reader, entry) ?? '') !== '';
  }

  #checkCompression(entry: IfdEntry): void {
    const isOldJpeg =
      entry.tag === TIFF_TAG.compression &&
      readIfdInteger(this.#reader, entry) === OLD_JPEG_COMPRESSION;
    if (isOldJpeg) {
      throw new AppError(
        'E_UNSUPPORTED_FORMAT',
        `Page ${this.#pageNumber} of the TIFF file uses old-style JPEG compression (6), which MetaClear cannot rewrite losslessly.`,
      );
    }
  }
}
