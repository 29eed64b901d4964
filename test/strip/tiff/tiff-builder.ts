/**
 * A byte-level TIFF writer for test fixtures that sharp and ExifTool cannot make: several
 * pages with their own metadata, SubIFDs, RAW markers, BigTIFF headers and damaged files.
 * It follows the TIFF 6.0 layout directly and shares no code with the cleaner, so a fixture
 * does not echo the cleaner's reading of the format.
 */

/** TIFF field types used by the fixtures. */
export const TYPE = {
  byte: 1,
  ascii: 2,
  short: 3,
  long: 4,
  rational: 5,
  undefined: 7,
  ifd: 13,
} as const;

/** One directory entry: numbers for SHORT, LONG and RATIONAL (numerator, denominator pairs). */
export interface TestEntry {
  readonly tag: number;
  readonly type: number;
  /** The numbers of a SHORT, LONG or RATIONAL value. */
  readonly values?: readonly number[];
  /** The text of an ASCII value; a NUL is appended. */
  readonly text?: string;
  /** The raw bytes of a BYTE or UNDEFINED value. */
  readonly bytes?: Uint8Array;
  /** Overrides the count written, for damaged fixtures. */
  readonly count?: number;
}

/** One page: its entries, and the strips the builder writes and points StripOffsets at. */
export interface TestPage {
  readonly entries: readonly TestEntry[];
  readonly strips: readonly Uint8Array[];
  /** Directories the page's SubIFDs tag points to. */
  readonly subIfds?: readonly TestPage[];
  /** Entries of an Exif IFD that the page points to. */
  readonly exif?: readonly TestEntry[];
  /** Entries of a GPS IFD that the page points to. */
  readonly gps?: readonly TestEntry[];
}

/** Options for {@link buildTiff}. */
export interface BuildTiffOptions {
  /** @default true */
  readonly littleEndian?: boolean;
  /** Bytes written right after the header, at offset 8, before any page. */
  readonly prelude?: Uint8Array;
}

const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 13: 4 };

/** Builds a classic TIFF whose page chain contains `pages` in order. */
export function buildTiff(pages: readonly TestPage[], options: BuildTiffOptions = {}): Buffer {
  const writer = new TestTiffWriter(options.littleEndian ?? true);
  if (options.prelude !== undefined) {
    writer.appendRaw(options.prelude);
  }
  let previousNextField = 4;
  for (const page of pages) {
    const { offset, nextField } = writer.writePage(page);
    writer.patchUint32(previousNextField, offset);
    previousNextField = nextField;
  }
  return writer.toBuffer();
}

class TestTiffWriter {
  readonly #littleEndian: boolean;
  #bytes: Buffer;

  constructor(littleEndian: boolean) {
    this.#littleEndian = littleEndian;
    this.#bytes = Buffer.alloc(8);
    this.#bytes.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
    this.#write16(this.#bytes, 2, 42);
  }

  /** Writes the page's strips, sub-directories and IFD; returns the IFD and next-field offsets. */
  writePage(page: TestPage): { offset: number; nextField: number } {
    const stripOffsets = page.strips.map((strip) => this.#append(strip));
    const entries: TestEntry[] = [...page.entries];
    if (page.strips.length > 0) {
      entries.push(
        { tag: 273, type: TYPE.long, values: stripOffsets },
        { tag: 279, type: TYPE.long, values: page.strips.map((strip) => strip.length) },
      );
    }
    if (page.subIfds !== undefined) {
      const offsets = page.subIfds.map((subIfd) => this.writePage(subIfd).offset);
      entries.push({ tag: 330, type: TYPE.long, values: offsets });
    }
    if (page.exif !== undefined) {
      entries.push({ tag: 34665, type: TYPE.long, values: [this.writeIfd(page.exif).offset] });
    }
    if (page.gps !== undefined) {
      entries.push({ tag: 34853, type: TYPE.long, values: [this.writeIfd(page.gps).offset] });
    }
    return this.writeIfd(entries);
  }

  /** Writes an IFD sorted by tag, its values first; returns its offset and next-field offset. */
  writeIfd(entries: readonly TestEntry[]): { offset: number; nextField: number } {
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    const encoded = sorted.map((entry) => this.#encodeValue(entry));
    const valueOffsets = encoded.map((value) => (value.length > 4 ? this.#append(value) : 0));
    const table = Buffer.alloc(2 + sorted.length * 12 + 4);
    this.#write16(table, 0, sorted.length);
    sorted.forEach((entry, index) => {
      const at = 2 + index * 12;
      const value = encoded[index] ?? Buffer.alloc(0);
      const size = TYPE_SIZES[entry.type] ?? 1;
      this.#write16(table, at, entry.tag);
      this.#write16(table, at + 2, entry.type);
      this.#write32(table, at + 4, entry.count ?? value.length / size);
      if (value.length > 4) {
        this.#write32(table, at + 8, valueOffsets[index] ?? 0);
      } else {
        value.copy(table, at + 8);
      }
    });
    const offset = this.#append(table);
    return { offset, nextField: offset + table.length - 4 };
  }

  appendRaw(data: Uint8Array): void {
    this.#bytes = Buffer.concat([this.#bytes, data]);
  }

  patchUint32(offset: number, value: number): void {
    this.#write32(this.#bytes, offset, value);
  }

  toBuffer(): Buffer {
    return this.#bytes;
  }

  #append(data: Uint8Array): number {
    if (this.#bytes.length % 2 === 1) {
      this.#bytes = Buffer.concat([this.#bytes, Buffer.alloc(1)]);
    }
    const offset = this.#bytes.length;
    this.#bytes = Buffer.concat([this.#bytes, data]);
    return offset;
  }

  #encodeValue(entry: TestEntry): Buffer {
    if (entry.text !== undefined) {
      return Buffer.concat([Buffer.from(entry.text, 'latin1'), Buffer.alloc(1)]);
    }
    if (entry.bytes !== undefined) {
      return Buffer.from(entry.bytes);
    }
    const values = entry.values ?? [];
    const size = entry.type === TYPE.short ? 2 : 4;
    const buffer = Buffer.alloc(values.length * size);
    values.forEach((value, index) => {
      if (size === 2) {
        this.#write16(buffer, index * 2, value);
      } else {
        this.#write32(buffer, index * 4, value);
      }
    });
    return buffer;
  }

  #write16(buffer: Buffer, offset: number, value: number): void {
    if (this.#littleEndian) {
      buffer.writeUInt16LE(value, offset);
    } else {
      buffer.writeUInt16BE(value, offset);
    }
  }

  #write32(buffer: Buffer, offset: number, value: number): void {
    if (this.#littleEndian) {
      buffer.writeUInt32LE(value, offset);
    } else {
      buffer.writeUInt32BE(value, offset);
    }
  }
}

/**
 * Returns the entries of an uncompressed 8-bit RGB page of `width` × `height` in one strip,
 * with a resolution. The page's only strip must be its raw pixels.
 */
export function createRgbPageEntries(width: number, height: number): TestEntry[] {
  return [
    { tag: 256, type: TYPE.short, values: [width] },
    { tag: 257, type: TYPE.short, values: [height] },
    { tag: 258, type: TYPE.short, values: [8, 8, 8] },
    { tag: 259, type: TYPE.short, values: [1] },
    { tag: 262, type: TYPE.short, values: [2] },
    { tag: 277, type: TYPE.short, values: [3] },
    { tag: 278, type: TYPE.short, values: [height] },
    { tag: 282, type: TYPE.rational, values: [72, 1] },
    { tag: 283, type: TYPE.rational, values: [72, 1] },
    { tag: 284, type: TYPE.short, values: [1] },
    { tag: 296, type: TYPE.short, values: [2] },
  ];
}
