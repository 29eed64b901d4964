/** A small deterministic random number generator, so a fuzz case replays from its seed. */
export interface SeededRandom {
  /** Returns an integer in `[0, max)`, where `max` is positive. */
  nextInt(max: number): number;
  /** Returns true with probability `p`. */
  chance(p: number): boolean;
  /** Returns one element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

/**
 * Creates a generator from a 32-bit seed using mulberry32 (Tommy Ettinger's public-domain
 * 32-bit generator): fast, and good enough to spread mutations, though not for cryptography.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  };
  return {
    nextInt: (max) => Math.floor((nextUint32() / 2 ** 32) * max),
    chance: (p) => nextUint32() / 2 ** 32 < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor((nextUint32() / 2 ** 32) * items.length)];
      if (item === undefined) {
        throw new RangeError('`items` must not be empty; received an empty array');
      }
      return item;
    },
  };
}

/** Derives the seed of case `index` in a run, so any one case replays on its own. */
export function deriveCaseSeed(runSeed: number, index: number): number {
  return createSeededRandom((runSeed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0).nextInt(2 ** 32);
}
