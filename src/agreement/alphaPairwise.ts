/**
 * Krippendorff's alpha in its pairwise-disagreement form, written from the definition without a
 * coincidence matrix: a second, independent implementation used to check {@link krippendorffAlpha}.
 * It is O(n^2) in the number of pairable values (fine for checks, slow for big data).
 *
 *   D_o = 1/n sum_u 1/(m_u - 1) sum_{i != j in u} delta(v_ui, v_uj)   (pairs of values within a unit)
 *   D_e = 1/(n (n - 1)) sum_{p != q} delta(v_p, v_q)                     (pairs of any two pairable values)
 *   alpha = 1 - D_o / D_e
 * over the n values in units with m_u >= 2 values. Ordinal delta(a, b) = (number of pairable values
 * between a and b inclusive - (count(a) + count(b)) / 2)^2.
 */
import { checkAlphaLevel, reliabilityValues, type AlphaLevel, type ReliabilityInput } from './alpha';

/**
 * Alpha by pairwise disagreements (NaN when undefined).
 * @example krippendorffAlphaPairwise([[1, 2, 3], [1, 2, 4]], 'interval')
 */
export function krippendorffAlphaPairwise(input: ReliabilityInput, level: AlphaLevel): number {
  checkAlphaLevel(level, 'krippendorffAlphaPairwise');
  const data = reliabilityValues(input);
  const units: number[][] = [];
  const nRaters = data.length;
  const nUnits = nRaters ? data[0]!.length : 0;
  for (let u = 0; u < nUnits; u++) {
    const vals: number[] = [];
    for (let r = 0; r < nRaters; r++) {
      const v = data[r]![u];
      if (v !== null && v !== undefined && !Number.isNaN(v)) vals.push(v);
    }
    if (vals.length >= 2) units.push(vals);
  }
  const pooled = units.flat();
  const n = pooled.length;
  if (n < 2) return NaN;
  const count = new Map<number, number>();
  for (const v of pooled) count.set(v, (count.get(v) ?? 0) + 1);
  const delta = (a: number, b: number): number => {
    if (a === b) return 0;
    switch (level) {
      case 'nominal':
        return 1;
      case 'interval':
        return (a - b) ** 2;
      case 'ratio':
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      case 'ordinal': {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        let between = 0;
        for (const v of pooled) if (v >= lo && v <= hi) between++;
        return (between - (count.get(a)! + count.get(b)!) / 2) ** 2;
      }
    }
  };
  const cache = new Map<string, number>();
  const d = (a: number, b: number): number => {
    const key = `${a},${b}`;
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = delta(a, b)));
    return v;
  };
  let within = 0;
  for (const vals of units) {
    let s = 0;
    for (let i = 0; i < vals.length; i++) for (let j = 0; j < vals.length; j++) if (i !== j) s += d(vals[i]!, vals[j]!);
    within += s / (vals.length - 1);
  }
  let all = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) if (p !== q) all += d(pooled[p]!, pooled[q]!);
  const dO = within / n;
  const dE = all / (n * (n - 1));
  return dE > 0 ? 1 - dO / dE : NaN;
}
