/** A half-open range `[start, end)` of byte offsets. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** One merged range and where it lands once the ranges are packed back to back. */
export interface PackedSegment extends ByteRange {
  readonly packedStart: number;
}

/** Ranges merged, sorted and packed back to back from offset 0. */
export interface PackedRanges {
  readonly segments: readonly PackedSegment[];
  /** The total packed length. */
  readonly length: number;
}

/** Sorts ranges and merges those that overlap or touch. Empty ranges are dropped. */
export function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges
    .filter((range) => range.end > range.start)
    .sort((left, right) => left.start - right.start);
  const merged: ByteRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** Merges `ranges` and lays them out back to back, keeping their order in the source. */
export function packRanges(ranges: readonly ByteRange[]): PackedRanges {
  let length = 0;
  const segments = mergeRanges(ranges).map((range) => {
    const segment = { ...range, packedStart: length };
    length += range.end - range.start;
    return segment;
  });
  return { segments, length };
}

/**
 * Returns where source offset `position` lands after packing.
 *
 * @throws RangeError when `position` lies in no packed segment.
 */
export function mapPackedOffset(packed: PackedRanges, position: number): number {
  let low = 0;
  let high = packed.segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const segment = packed.segments[middle];
    if (segment === undefined) {
      break;
    }
    if (position < segment.start) {
      high = middle - 1;
    } else if (position >= segment.end) {
      low = middle + 1;
    } else {
      return segment.packedStart + position - segment.start;
    }
  }
  throw new RangeError(`\`position\` must lie in a packed segment; received ${position}`);
}

/** Copies the packed segments of `source` into one new array. */
export function copyPackedRanges(source: Uint8Array, packed: PackedRanges): Uint8Array {
  const output = new Uint8Array(packed.length);
  for (const segment of packed.segments) {
    output.set(source.subarray(segment.start, segment.end), segment.packedStart);
  }
  return output;
}

/** Returns true when any range of `left` overlaps any range of `right`. */
export function hasOverlap(left: readonly ByteRange[], right: readonly ByteRange[]): boolean {
  const lefts = mergeRanges(left);
  const rights = mergeRanges(right);
  let leftIndex = 0;
  let rightIndex = 0;
  for (;;) {
    const a = lefts[leftIndex];
    const b = rights[rightIndex];
    if (a === undefined || b === undefined) {
      return false;
    }
    if (a.start < b.end && b.start < a.end) {
      return true;
    }
    if (a.end <= b.start) {
      leftIndex += 1;
    } else {
      rightIndex += 1;
    }
  }
}

/**
 * Returns true when `region` contains a non-zero byte outside every range of `covered`. Zero
 * bytes are padding that carries nothing.
 */
export function hasUncoveredData(
  bytes: Uint8Array,
  region: ByteRange,
  covered: readonly ByteRange[],
): boolean {
  let position = region.start;
  for (const range of mergeRanges(covered)) {
    if (range.end <= position || range.start >= region.end) {
      continue;
    }
    if (range.start > position && hasNonZeroByte(bytes, position, range.start)) {
      return true;
    }
    position = Math.max(position, range.end);
  }
  return position < region.end && hasNonZeroByte(bytes, position, region.end);
}

function hasNonZeroByte(bytes: Uint8Array, start: number, end: number): boolean {
  return bytes.subarray(start, end).some((byte) => byte !== 0);
}
