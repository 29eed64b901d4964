/** A length, count or offset field in a container, for mutations to corrupt. */
export interface LayoutField {
  readonly offset: number;
  readonly size: 1 | 2 | 3 | 4;
  readonly littleEndian: boolean;
}

/** A byte range that forms one segment, chunk, box, block or IFD entry. */
export interface LayoutSegment {
  readonly start: number;
  readonly end: number;
}

/** The fields and segments that {@link findContainerLayout} found. */
export interface ContainerLayout {
  readonly fields: LayoutField[];
  readonly segments: LayoutSegment[];
}

/** The maximum number of entries each walk visits, so a hostile file cannot stall the test. */
const MAX_STEPS = 4_096;

/** BMFF boxes that contain boxes, with the bytes that precede their first child. */
const BMFF_CONTAINERS = new Map([
  ['meta', 4],
  ['iprp', 0],
  ['ipco', 0],
  ['moov', 0],
  ['trak', 0],
  ['mdia', 0],
  ['minf', 0],
  ['stbl', 0],
  ['dinf', 0],
  ['iref', 4],
]);

/** BMFF boxes whose every 16- and 32-bit word may be a size, offset, count or dimension. */
const BMFF_DENSE_BOXES = new Set(['iloc', 'ispe', 'ipma', 'pitm', 'infe', 'iinf', 'hvcC', 'av1C']);

/**
 * Finds the length fields and segments of a JPEG, PNG, WebP, GIF, TIFF or BMFF (HEIF, AVIF)
 * file, including the TIFF structure of embedded EXIF blocks. It reads the file the way a
 * naive parser would, never trusting a length beyond the end, and returns what it found
 * before the first inconsistency. Unknown formats return an empty layout.
 */
export function findContainerLayout(bytes: Uint8Array): ContainerLayout {
  const layout: ContainerLayout = { fields: [], segments: [] };
  const reader = new LayoutReader(bytes, layout);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    reader.walkJpeg();
  } else if (readAscii(bytes, 1, 3) === 'PNG') {
    reader.walkPng();
  } else if (readAscii(bytes, 0, 4) === 'RIFF') {
    layout.fields.push({ offset: 4, size: 4, littleEndian: true });
    reader.walkRiffChunks(12, bytes.length);
  } else if (readAscii(bytes, 0, 3) === 'GIF') {
    reader.walkGif();
  } else if (['II*\0', 'MM\0*'].includes(readAscii(bytes, 0, 4))) {
    reader.walkTiff(0, bytes.length);
  } else if (readAscii(bytes, 4, 4) === 'ftyp') {
    reader.walkBoxes(0, bytes.length, 0);
  }
  return layout;
}

class LayoutReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #layout: ContainerLayout;

  constructor(bytes: Uint8Array, layout: ContainerLayout) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#layout = layout;
  }

  walkJpeg(): void {
    const bytes = this.#bytes;
    let offset = 2;
    for (let step = 0; step < MAX_STEPS && offset + 4 <= bytes.length; step += 1) {
      const marker = bytes[offset + 1] ?? 0;
      if (bytes[offset] !== 0xff || marker === 0xd9) {
        return;
      }
      if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        offset += marker === 0xff ? 1 : 2;
        continue;
      }
      const length = this.#view.getUint16(offset + 2);
      if (length < 2) {
        return;
      }
      this.#addField(offset + 2, 2, false);
      let end = Math.min(offset + 2 + length, bytes.length);
      if (marker === 0xe1 && readAscii(bytes, offset + 4, 6) === 'Exif\0\0') {
        this.walkTiff(offset + 10, end);
      }
      if (marker === 0xda) {
        end = findNextJpegMarker(bytes, end);
      }
      this.#addSegment(offset, end);
      offset = end;
    }
  }

  walkPng(): void {
    let offset = 8;
    for (let step = 0; step < MAX_STEPS && offset + 12 <= this.#bytes.length; step += 1) {
      const length = this.#view.getUint32(offset);
      const end = offset + 12 + length;
      if (end > this.#bytes.length) {
        this.#addField(offset, 4, false);
        return;
      }
      this.#addField(offset, 4, false);
      if (readAscii(this.#bytes, offset + 4, 4) === 'eXIf') {
        this.walkTiff(offset + 8, offset + 8 + length);
      }
      this.#addSegment(offset, end);
      offset = end;
    }
  }

  walkRiffChunks(start: number, limit: number): void {
    let offset = start;
    for (let step = 0; step < MAX_STEPS && offset + 8 <= limit; step += 1) {
      const size = this.#view.getUint32(offset + 4, true);
      const type = readAscii(this.#bytes, offset, 4);
      this.#addField(offset + 4, 4, true);
      const end = offset + 8 + size + (size % 2);
      if (end > limit) {
        return;
      }
      if (type === 'VP8X' && size >= 10) {
        this.#addField(offset + 12, 3, true);
        this.#addField(offset + 15, 3, true);
      } else if (type === 'ANMF' && size >= 16) {
        this.walkRiffChunks(offset + 24, offset + 8 + size);
      } else if (type === 'EXIF') {
        const exifStart = readAscii(this.#bytes, offset + 8, 6) === 'Exif\0\0' ? 14 : 8;
        this.walkTiff(offset + exifStart, offset + 8 + size);
      }
      this.#addSegment(offset, end);
      offset = end;
    }
  }

  walkGif(): void {
    const bytes = this.#bytes;
    if (bytes.length < 13) {
      return;
    }
    this.#addField(6, 2, true);
    this.#addField(8, 2, true);
    let offset = 13 + getColorTableSize(bytes[10] ?? 0);
    for (let step = 0; step < MAX_STEPS && offset < bytes.length; step += 1) {
      const start = offset;
      const introducer = bytes[offset];
      if (introducer === 0x21) {
        offset = this.#walkGifSubBlocks(offset + 2);
      } else if (introducer === 0x2c && offset + 10 <= bytes.length) {
        for (const field of [5, 7]) {
          this.#addField(offset + field, 2, true);
        }
        offset = this.#walkGifSubBlocks(offset + 11 + getColorTableSize(bytes[offset + 9] ?? 0));
      } else {
        return;
      }
      this.#addSegment(start, Math.min(offset, bytes.length));
    }
  }

  /** Walks a TIFF structure at `base` (offsets count from it) that ends at `limit`. */
  walkTiff(base: number, limit: number): void {
    const order = readAscii(this.#bytes, base, 2);
    if ((order !== 'II' && order !== 'MM') || base + 8 > limit) {
      return;
    }
    const little = order === 'II';
    this.#addField(base + 4, 4, little);
    const pending = [this.#view.getUint32(base + 4, little)];
    const visited = new Set<number>();
    for (let step = 0; step < 64 && pending.length > 0; step += 1) {
      const ifd = pending.shift() ?? 0;
      if (ifd === 0 || visited.has(ifd) || base + ifd + 2 > limit) {
        continue;
      }
      visited.add(ifd);
      pending.push(...this.#walkIfd(base, base + ifd, limit, little));
    }
  }

  /** Walks the boxes in `[start, limit)`; `depth` bounds the nesting. */
  walkBoxes(start: number, limit: number, depth: number): void {
    let offset = start;
    for (let step = 0; step < MAX_STEPS && offset + 8 <= limit; step += 1) {
      let size = this.#view.getUint32(offset);
      let header = 8;
      this.#addField(offset, 4, false);
      if (size === 1 && offset + 16 <= limit) {
        this.#addField(offset + 8, 4, false);
        this.#addField(offset + 12, 4, false);
        size = this.#view.getUint32(offset + 12);
        header = 16;
      } else if (size === 0) {
        size = limit - offset;
      }
      const end = offset + size;
      if (size < header || end > limit) {
        return;
      }
      this.#walkBoxContents(readAscii(this.#bytes, offset + 4, 4), offset + header, end, depth);
      this.#addSegment(offset, end);
      offset = end;
    }
  }

  #walkBoxContents(type: string, start: number, end: number, depth: number): void {
    const childOffset = BMFF_CONTAINERS.get(type);
    if (childOffset !== undefined && depth < 8) {
      this.walkBoxes(start + childOffset, end, depth + 1);
    } else if (type === 'iinf' && start + 6 <= end && depth < 8) {
      const isVersion0 = this.#bytes[start] === 0;
      this.#addField(start + 4, isVersion0 ? 2 : 4, false);
      this.walkBoxes(start + (isVersion0 ? 6 : 8), end, depth + 1);
    } else if (BMFF_DENSE_BOXES.has(type)) {
      for (let offset = start; offset + 4 <= end && offset < start + 128; offset += 2) {
        this.#addField(offset, offset % 4 === start % 4 ? 4 : 2, false);
      }
    }
  }

  /** Records one IFD's entries and returns the IFD offsets it points to. */
  #walkIfd(base: number, ifd: number, limit: number, little: boolean): number[] {
    const count = this.#view.getUint16(ifd, little);
    this.#addField(ifd, 2, little);
    const next: number[] = [];
    for (let index = 0; index < Math.min(count, 512); index += 1) {
      const entry = ifd + 2 + index * 12;
      if (entry + 12 > limit) {
        return next;
      }
      this.#addField(entry + 4, 4, little);
      this.#addField(entry + 8, 4, little);
      this.#addSegment(entry, entry + 12);
      const tag = this.#view.getUint16(entry, little);
      if ([0x8769, 0x8825, 0xa005, 0x014a].includes(tag)) {
        next.push(this.#view.getUint32(entry + 8, little));
      }
    }
    const nextOffset = ifd + 2 + count * 12;
    if (nextOffset + 4 <= limit) {
      this.#addField(nextOffset, 4, little);
      next.push(this.#view.getUint32(nextOffset, little));
    }
    return next;
  }

  /** Records GIF sub-block lengths from `offset` and returns the offset after the terminator. */
  #walkGifSubBlocks(offset: number): number {
    let position = offset;
    for (let step = 0; step < MAX_STEPS && position < this.#bytes.length; step += 1) {
      const length = this.#bytes[position] ?? 0;
      this.#addField(position, 1, true);
      position += 1 + length;
      if (length === 0) {
        return position;
      }
    }
    return position;
  }

  #addField(offset: number, size: LayoutField['size'], littleEndian: boolean): void {
    if (offset + size <= this.#bytes.length) {
      this.#layout.fields.push({ offset, size, littleEndian });
    }
  }

  #addSegment(start: number, end: number): void {
    if (end > start) {
      this.#layout.segments.push({ start, end });
    }
  }
}

/** Returns the offset of the first marker after entropy-coded data that starts at `offset`. */
function findNextJpegMarker(bytes: Uint8Array, offset: number): number {
  for (let index = offset; index + 1 < bytes.length; index += 1) {
    const next = bytes[index + 1] ?? 0;
    if (bytes[index] === 0xff && next !== 0 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) {
      return index;
    }
  }
  return bytes.length;
}

function getColorTableSize(flags: number): number {
  return (flags & 0x80) === 0 ? 0 : 3 * 2 ** ((flags & 0x07) + 1);
}

function readAscii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
