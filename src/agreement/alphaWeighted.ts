/**
 * Alpha of weighted units, for the bootstrap: unit u counts weights[u] times (a resample that draws a
 * unit twice counts its coincidences twice). Same value as the coincidence-matrix form on the data with
 * each unit repeated weights[u] times, computed per unit in O(values) instead of O(V^2):
 *   sum_ck o_ck (x_c - x_k)^2 = sum_u w_u 2 m_u SS_u / (m_u - 1)   (SS_u: sum of squares of unit u's x)
 *   sum_ck n_c n_k (x_c - x_k)^2 = 2 n SS                              (SS: of all pairable x)
 * with x = the value (interval) or its mid-rank among the pairable values (ordinal, whose delta is the
 * squared difference of mid-ranks); nominal uses sum_{c != k} n_c n_k = n^2 - sum n_c^2. Ratio goes
 * through the coincidence matrix.
 */
import { alphaFromCoincidence, coincidenceFromUnits, type AlphaLevel, type UnitValueCounts } from './alpha';

/** Scratch space reused across replicates. */
export interface AlphaScratch {
  marginals: Float64Array;
  x: Float64Array;
}

/** Scratch arrays for {@link alphaOfWeightedUnits}. */
export function alphaScratch(units: UnitValueCounts): AlphaScratch {
  const V = units.values.length;
  return { marginals: new Float64Array(V), x: new Float64Array(V) };
}

/**
 * Alpha of units with weights (NaN when undefined: fewer than two pairable values or no variation).
 * @example alphaOfWeightedUnits(units, new Float64Array(units.m.length).fill(1), 'ordinal')  // = krippendorffAlpha(...).alpha
 */
export function alphaOfWeightedUnits(units: UnitValueCounts, weights: ArrayLike<number>, level: AlphaLevel, scratch: AlphaScratch = alphaScratch(units)): number {
  if (level === 'ratio') return alphaFromCoincidence(coincidenceFromUnits(units, weights), 'ratio').alpha;
  const V = units.values.length;
  const U = units.m.length;
  const { marginals, x } = scratch;
  marginals.fill(0);
  for (let u = 0; u < U; u++) {
    const w = weights[u]!;
    if (w === 0 || units.m[u]! < 2) continue;
    for (let p = units.start[u]!; p < units.start[u + 1]!; p++) marginals[units.valueIndex[p]!]! += w * units.count[p]!;
  }
  let n = 0;
  let sumSq = 0;
  for (let c = 0; c < V; c++) {
    n += marginals[c]!;
    sumSq += marginals[c]! * marginals[c]!;
  }
  if (!(n >= 2)) return NaN;
  if (level === 'nominal') {
    let dO = 0;
    for (let u = 0; u < U; u++) {
      const w = weights[u]!;
      const mu = units.m[u]!;
      if (w === 0 || mu < 2) continue;
      let s = 0;
      for (let p = units.start[u]!; p < units.start[u + 1]!; p++) s += units.count[p]! * units.count[p]!;
      dO += (w * (mu * mu - s)) / (mu - 1);
    }
    const dE = n * n - sumSq;
    return dE > 0 ? 1 - ((n - 1) * dO) / dE : NaN;
  }
  // x_c: the value (interval) or mid-rank (ordinal), centred at its weighted mean for accuracy.
  let cum = 0;
  let mean = 0;
  for (let c = 0; c < V; c++) {
    x[c] = level === 'ordinal' ? cum + marginals[c]! / 2 : units.values[c]!;
    cum += marginals[c]!;
    mean += marginals[c]! * x[c]!;
  }
  mean /= n;
  let ss = 0;
  for (let c = 0; c < V; c++) {
    x[c] = x[c]! - mean;
    ss += marginals[c]! * x[c]! * x[c]!;
  }
  let dO = 0;
  for (let u = 0; u < U; u++) {
    const w = weights[u]!;
    const mu = units.m[u]!;
    if (w === 0 || mu < 2) continue;
    let s1 = 0;
    let s2 = 0;
    for (let p = units.start[u]!; p < units.start[u + 1]!; p++) {
      const xc = x[units.valueIndex[p]!]!;
      s1 += units.count[p]! * xc;
      s2 += units.count[p]! * xc * xc;
    }
    dO += (w * 2 * (mu * s2 - s1 * s1)) / (mu - 1);
  }
  // sum_u w 2 m SS_u/(m-1) with SS_u = s2 - s1^2/m, i.e. 2 (m s2 - s1^2)/(m-1); dE = 2 n SS.
  const dE = 2 * n * ss;
  return dE > 0 ? 1 - ((n - 1) * dO) / dE : NaN;
}
