import {
  findContainerLayout,
  type ContainerLayout,
  type LayoutField,
  type LayoutSegment,
} from './find-container-layout.js';
import type { SeededRandom } from './seeded-random.js';

/** A mutated file and the steps that made it, for replaying a failure by hand. */
export interface MutatedBytes {
  readonly bytes: Uint8Array;
  readonly steps: readonly string[];
}

type Mutator = (bytes: Uint8Array, layout: ContainerLayout, random: SeededRandom) => Mutated;

interface Mutated {
  readonly bytes: Uint8Array;
  readonly step: string;
}

/**
 * The mutators, weighted by repetition. One that finds no field or segment to work on falls back
 * to a simpler mutation.
 */
const MUTATORS: readonly Mutator[] = [
  truncate,
  flipBits,
  flipBits,
  corruptLength,
  corruptLength,
  corruptLength,
  declareHugeSize,
  duplicateSegment,
  removeSegment,
  swapSegments,
  insertJunk,
];

/**
 * Applies one to three random mutations to a copy of `seed`: truncation, bit flips, corrupted
 * or huge length fields, duplicated, removed or swapped segments, and inserted junk. The
 * segments and fields come from the container's own structure, so most mutations hit the
 * parsers' bookkeeping rather than compressed image data.
 */
export function mutateBytes(seed: Uint8Array, random: SeededRandom): MutatedBytes {
  let bytes: Uint8Array = seed.slice();
  const steps: string[] = [];
  const count = 1 + random.nextInt(3);
  for (let index = 0; index < count && bytes.length > 0; index += 1) {
    const mutated = random.pick(MUTATORS)(bytes, findContainerLayout(bytes), random);
    bytes = mutated.bytes;
    steps.push(mutated.step);
  }
  return { bytes, steps };
}

function truncate(bytes: Uint8Array, layout: ContainerLayout, random: SeededRandom): Mutated {
  // Cuts at a segment edge (plus a few bytes) half the time: that is where parsers switch.
  const segment = pickSegment(layout, random);
  const at =
    segment !== null && random.chance(0.5)
      ? Math.min(bytes.length - 1, segment.start + random.nextInt(12))
      : random.nextInt(bytes.length);
  return { bytes: bytes.slice(0, at), step: `truncate@${at}` };
}

function flipBits(bytes: Uint8Array, _layout: ContainerLayout, random: SeededRandom): Mutated {
  const flipped = bytes.slice();
  const count = 1 + random.nextInt(8);
  // Metadata sits near the start of most files, so flips favour the first 64 KiB.
  const range = random.chance(0.7) ? Math.min(bytes.length, 65_536) : bytes.length;
  const positions: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const position = random.nextInt(range);
    flipped[position] = (flipped[position] ?? 0) ^ (1 << random.nextInt(8));
    positions.push(position);
  }
  return { bytes: flipped, step: `flip@${positions.join(',')}` };
}

function corruptLength(bytes: Uint8Array, layout: ContainerLayout, random: SeededRandom): Mutated {
  const field = pickField(layout, random);
  if (field === null) {
    return flipBits(bytes, layout, random);
  }
  const current = readField(bytes, field);
  const max = 2 ** (8 * field.size) - 1;
  const value = random.pick([
    0,
    1,
    2,
    current - 1,
    current + 1,
    current * 2,
    Math.floor(current / 2),
    max,
    max - 1,
    bytes.length,
    random.nextInt(max + 1),
  ]);
  return writeField(bytes, field, value);
}

function declareHugeSize(
  bytes: Uint8Array,
  layout: ContainerLayout,
  random: SeededRandom,
): Mutated {
  const wide = layout.fields.filter((field) => field.size >= 3);
  const field = wide.length === 0 ? null : random.pick(wide);
  if (field === null) {
    return flipBits(bytes, layout, random);
  }
  const max = 2 ** (8 * field.size) - 1;
  return writeField(bytes, field, random.pick([max, max - 7, 2 ** (8 * field.size - 1)]));
}

function duplicateSegment(
  bytes: Uint8Array,
  layout: ContainerLayout,
  random: SeededRandom,
): Mutated {
  const segment = pickSegment(layout, random);
  if (segment === null) {
    return flipBits(bytes, layout, random);
  }
  const copy = bytes.subarray(segment.start, segment.end);
  const result = concat(bytes.subarray(0, segment.end), copy, bytes.subarray(segment.end));
  return { bytes: result, step: `duplicate[${segment.start},${segment.end})` };
}

function removeSegment(bytes: Uint8Array, layout: ContainerLayout, random: SeededRandom): Mutated {
  const segment = pickSegment(layout, random);
  if (segment === null) {
    return flipBits(bytes, layout, random);
  }
  const result = concat(bytes.subarray(0, segment.start), bytes.subarray(segment.end));
  return { bytes: result, step: `remove[${segment.start},${segment.end})` };
}

function swapSegments(bytes: Uint8Array, layout: ContainerLayout, random: SeededRandom): Mutated {
  const first = pickSegment(layout, random);
  const second = pickSegment(layout, random);
  if (first === null || second === null || first.end > second.start) {
    return removeSegment(bytes, layout, random);
  }
  const result = concat(
    bytes.subarray(0, first.start),
    bytes.subarray(second.start, second.end),
    bytes.subarray(first.end, second.start),
    bytes.subarray(first.start, first.end),
    bytes.subarray(second.end),
  );
  return {
    bytes: result,
    step: `swap[${first.start},${first.end})[${second.start},${second.end})`,
  };
}

function insertJunk(bytes: Uint8Array, layout: ContainerLayout, random: SeededRandom): Mutated {
  const segment = pickSegment(layout, random);
  const at = segment === null ? random.nextInt(bytes.length + 1) : segment.start;
  const junk = new Uint8Array(1 + random.nextInt(64)).map(() => random.nextInt(256));
  const result = concat(bytes.subarray(0, at), junk, bytes.subarray(at));
  return { bytes: result, step: `insert@${at}+${junk.length}` };
}

function pickField(layout: ContainerLayout, random: SeededRandom): LayoutField | null {
  return layout.fields.length === 0 ? null : random.pick(layout.fields);
}

function pickSegment(layout: ContainerLayout, random: SeededRandom): LayoutSegment | null {
  return layout.segments.length === 0 ? null : random.pick(layout.segments);
}

function readField(bytes: Uint8Array, field: LayoutField): number {
  let value = 0;
  for (let index = 0; index < field.size; index += 1) {
    const position = field.littleEndian
      ? field.offset + field.size - 1 - index
      : field.offset + index;
    value = value * 256 + (bytes[position] ?? 0);
  }
  return value;
}

function writeField(bytes: Uint8Array, field: LayoutField, value: number): Mutated {
  const max = 2 ** (8 * field.size);
  let remaining = ((Math.floor(value) % max) + max) % max;
  const written = bytes.slice();
  for (let index = field.size - 1; index >= 0; index -= 1) {
    const position = field.littleEndian
      ? field.offset + field.size - 1 - index
      : field.offset + index;
    written[position] = remaining % 256;
    remaining = Math.floor(remaining / 256);
  }
  const endian = field.littleEndian ? 'le' : 'be';
  return { bytes: written, step: `field@${field.offset}:${field.size}${endian}=${value}` };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}
