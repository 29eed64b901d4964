// Summary statistics for the benchmark's samples.

/** Returns the `p`-th percentile (0-100) of `values` by the nearest-rank method. */
export function percentile(values, p) {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Returns the median of `values`. */
export function median(values) {
  return percentile(values, 50);
}

/** Rounds to `digits` decimal places. */
export function round(value, digits = 0) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
