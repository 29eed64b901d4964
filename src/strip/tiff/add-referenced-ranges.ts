import { EXIF_TAG } from '../exif/exif-tags.js';
import { readIfd, type IfdEntry } from '../exif/read-ifd.js';
import { readIfdPointer } from '../exif/read-ifd-value.js';
import type { TiffReader } from '../exif/tiff-reader.js';
import type { ByteRanges } from './byte-ranges.js';
import { readEntryIntegers, readSubIfdOffsets } from './read-entry-value.js';
import { measureIfdTable } from './read-tiff-pages.js';
import { TIFF_TAG } from './tiff-tags.js';

/** Pairs of offset and byte-count tags that locate data blocks outside the IFD. */
const BLOCK_TAG_PAIRS: readonly (readonly [number, number])[] = [
  [TIFF_TAG.stripOffsets, TIFF_TAG.stripByteCounts],
  [TIFF_TAG.tileOffsets, TIFF_TAG.tileByteCounts],
  [TIFF_TAG.jpegInterchangeFormat, TIFF_TAG.jpegInterchangeFormatLength],
];

/** Tags whose values are offsets of further directories. */
const POINTER_TAGS: ReadonlySet<number> = new Set([
  TIFF_TAG.subIfds,
  EXIF_TAG.exifIfdPointer,
  EXIF_TAG.gpsIfdPointer,
  EXIF_TAG.interopIfdPointer,
]);

/**
 * The maximum number of IFD entries, pointers and data blocks read in one call, which bounds
 * the work on a hostile web of directories. It covers the most that the pages themselves may
 * hold (about a million entries and four million strips), with room left for their sub-IFDs.
 */
const MAX_READ_ITEMS = 8_388_608;

/**
 * Adds to `ranges` every byte that the IFDs at `offsets` reference. That is their tables, the
 * values stored outside them, and their strips, tiles and JPEG thumbnails, and the same for the
 * SubIFDs, Exif, GPS and Interop IFDs they point to, each directory once. Anything out of
 * bounds or unreadable is skipped, because this only measures which bytes of the file no
 * structure uses. Past {@link MAX_READ_ITEMS} it stops, so in a hostile file some bytes that a
 * directory further on references may count as unreferenced.
 */
export function addReferencedRanges(
  reader: TiffReader,
  offsets: Iterable<number>,
  ranges: ByteRanges,
): void {
  const pending = [...offsets].reverse();
  const visited = new Set<number>();
  let remaining = MAX_READ_ITEMS;
  while (pending.length > 0) {
    const current = pending.pop() ?? 0;
    const declaredCount = reader.readUint16(current) ?? 0;
    if (current < 8 || visited.has(current) || declaredCount > remaining) {
      continue;
    }
    visited.add(current);
    const ifd = readIfd(reader, current);
    if (ifd === null) {
      continue;
    }
    addInBounds(reader, ranges, current, measureIfdTable(ifd.entries.length));
    for (const entry of ifd.entries) {
      if (entry.valueLength !== null && entry.valueLength > 4) {
        addInBounds(reader, ranges, entry.valueOffset, entry.valueLength);
      }
      if (POINTER_TAGS.has(entry.tag) && entry.count <= remaining) {
        // Pointers count against the budget too, so a huge SubIFDs list cannot flood the queue.
        const pointers = readPointers(reader, entry);
        remaining -= pointers.length;
        for (const pointer of pointers) {
          pending.push(pointer);
        }
      }
    }
    remaining -= ifd.entries.length;
    remaining -= addBlocks(reader, ifd.entries, ranges, remaining);
  }
}

/** Adds the strips, tiles and JPEG thumbnail of an IFD; returns how many blocks it read. */
function addBlocks(
  reader: TiffReader,
  entries: readonly IfdEntry[],
  ranges: ByteRanges,
  maxBlocks: number,
): number {
  let blockCount = 0;
  for (const [offsetsTag, lengthsTag] of BLOCK_TAG_PAIRS) {
    const offsetsEntry = entries.find((entry) => entry.tag === offsetsTag);
    const lengthsEntry = entries.find((entry) => entry.tag === lengthsTag);
    if (offsetsEntry === undefined || lengthsEntry === undefined) {
      continue;
    }
    const count = Math.min(offsetsEntry.count, lengthsEntry.count);
    if (blockCount + count > maxBlocks) {
      continue;
    }
    const offsets = readEntryIntegers(reader, offsetsEntry) ?? [];
    const lengths = readEntryIntegers(reader, lengthsEntry) ?? [];
    for (let index = 0; index < Math.min(offsets.length, lengths.length); index += 1) {
      addInBounds(reader, ranges, offsets[index] ?? 0, lengths[index] ?? 0);
    }
    blockCount += count;
  }
  return blockCount;
}

function readPointers(reader: TiffReader, entry: IfdEntry): number[] {
  if (entry.tag !== TIFF_TAG.subIfds) {
    const pointer = readIfdPointer(reader, entry);
    return pointer === null ? [] : [pointer];
  }
  return readSubIfdOffsets(reader, entry);
}

function addInBounds(reader: TiffReader, ranges: ByteRanges, start: number, length: number): void {
  if (reader.isInBounds(start, length)) {
    ranges.add(start, length);
  }
}
