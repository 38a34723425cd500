/**
 * Sample quantiles as R's `quantile(type = 7)` (its default): the linear interpolation between order
 * statistics at h = (n - 1) p.
 */

/**
 * Quantile of values already sorted ascending (no NaN).
 * @example quantileSorted([1, 2, 3, 4], 0.25) === 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Quantile of unsorted values, NaN left out (R's `quantile(x, p, na.rm = TRUE)`); NaN when none is left.
 * @example quantile([3, NaN, 1, 2], 0.5) === 2
 */
export function quantile(xs: ArrayLike<number>, p: number): number {
  const v = Float64Array.from(Array.prototype.filter.call(xs, (x: number) => !Number.isNaN(x)) as number[]).sort();
  return quantileSorted(v, p);
}

/** Percentile interval [q((1 - level)/2), q((1 + level)/2)] of bootstrap replicates (NaN left out). */
export function percentileInterval(xs: ArrayLike<number>, level = 0.95): [number, number] {
  return [quantile(xs, (1 - level) / 2), quantile(xs, (1 + level) / 2)];
}
