/**
 * Krippendorff's alpha, coincidence-matrix form (Krippendorff, "Computing Krippendorff's
 * Alpha-Reliability", 2011): any number of raters, missing ratings allowed, metrics nominal, ordinal,
 * interval and ratio.
 *
 * Reliability data are a raters x units matrix (rows = raters/observers, columns = units/items), with
 * null, undefined or NaN where a rater gave no value. Only units with two or more values are pairable.
 * With m_u values in unit u, the coincidence matrix is
 *   o_ck = sum_u (number of ordered pairs (c, k) of values in u from different raters) / (m_u - 1),
 * its margins n_c = sum_k o_ck, n = sum_c n_c (the pairable values), and
 *   alpha = 1 - D_o / D_e,  D_o = (1/n) sum_ck o_ck delta_ck,  D_e = 1/(n (n - 1)) sum_ck n_c n_k delta_ck,
 * with the squared differences delta_ck:
 *   nominal  1 when c != k, else 0
 *   ordinal  (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2   (ranks from the margins of the pairable values)
 *   interval (c - k)^2
 *   ratio    ((c - k) / (c + k))^2                     (values >= 0)
 *
 * @example
 *   // Krippendorff (2011): 4 observers x 12 units with missing values
 *   krippendorffAlpha(data, 'nominal').alpha   // 0.743
 */

/** Level of measurement (the difference function of alpha). */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** The levels alpha supports. */
export const ALPHA_LEVELS: readonly AlphaLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/** Reliability data: raters x units (rows = raters); null, undefined or NaN = no value. */
export type ReliabilityData = ReadonlyArray<ReadonlyArray<number | null | undefined>>;

/** Reliability data as a matrix, or as {@link reliabilityMatrix}'s result ({ raters, units, values }). */
export type ReliabilityInput = ReliabilityData | { readonly values: ReliabilityData };

/** The raters x units matrix of either input form. */
export function reliabilityValues(data: ReliabilityInput): ReliabilityData {
  return Array.isArray(data) ? (data as ReliabilityData) : (data as { values: ReliabilityData })?.values ?? (data as ReliabilityData);
}

/** A coincidence matrix with its margins. */
export interface CoincidenceMatrix {
  /** The distinct pairable values, ascending (the rows and columns of `o`). */
  values: number[];
  /** o_ck, V x V row-major. */
  o: Float64Array;
  /** Margins n_c. */
  marginals: Float64Array;
  /** Number of pairable values n = sum_c n_c. */
  n: number;
  /** Units with two or more values. */
  pairableUnits: number;
}

/** Alpha with its ingredients. */
export interface AlphaResult {
  level: AlphaLevel;
  alpha: number;
  /** D_o. */
  observedDisagreement: number;
  /** D_e. */
  expectedDisagreement: number;
  /** Pairable values n. */
  pairableValues: number;
  /** Units with two or more values / all units (columns). */
  pairableUnits: number;
  units: number;
  /** Values present (pairable or not) and cells without a value. */
  values: number;
  missing: number;
  coincidence: CoincidenceMatrix;
}

/**
 * The values of each unit as distinct-value counts, in compressed form: unit u has the distinct values
 * valueIndex[start[u] .. start[u+1]) (indices into `values`, ascending) with counts count[...] and
 * m[u] values in all. Units with fewer than two values are kept (they pair with nothing).
 */
export interface UnitValueCounts {
  /** Distinct values of the whole data, ascending. */
  values: number[];
  start: Int32Array;
  valueIndex: Int32Array;
  count: Float64Array;
  m: Float64Array;
  /** Number of values present and number of empty cells. */
  present: number;
  missing: number;
}

/** Throws unless `level` is one of ALPHA_LEVELS. */
export function checkAlphaLevel(level: unknown, who = 'krippendorffAlpha'): asserts level is AlphaLevel {
  if (!ALPHA_LEVELS.includes(level as AlphaLevel)) throw new Error(`${who}: unknown level ${JSON.stringify(level)} (use ${ALPHA_LEVELS.join(', ')})`);
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * Per-unit value counts of reliability data (raters x units). Throws on a ragged matrix or a value that
 * is neither a finite number nor missing, naming rater row and unit column (1-based).
 */
export function unitValueCounts(input: ReliabilityInput, who = 'krippendorffAlpha'): UnitValueCounts {
  const data = reliabilityValues(input);
  if (!Array.isArray(data) || data.length === 0) throw new Error(`${who}: expected a raters x units matrix (an array of rows, one per rater)`);
  const N = (data[0] as readonly unknown[]).length;
  data.forEach((row, r) => {
    if (!Array.isArray(row)) throw new Error(`${who}: rater row ${r + 1} is not an array`);
    if (row.length !== N) throw new Error(`${who}: rater row ${r + 1} has ${row.length} units, row 1 has ${N} (missing values are null, not absent)`);
  });
  const units: number[][] = [];
  const distinct = new Set<number>();
  let present = 0;
  let missing = 0;
  for (let u = 0; u < N; u++) {
    const vals: number[] = [];
    for (let r = 0; r < data.length; r++) {
      const v = data[r]![u];
      if (isMissing(v)) {
        missing++;
        continue;
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${who}: rater row ${r + 1}, unit ${u + 1}: ${JSON.stringify(v)} is not a number (missing values are null)`);
      vals.push(v);
      distinct.add(v);
      present++;
    }
    units.push(vals);
  }
  return unitValueCountsFromLists(units, [...distinct].sort((a, b) => a - b), present, missing);
}

/** Per-unit value counts from lists of values per unit (values must be among `values`, ascending). */
export function unitValueCountsFromLists(units: readonly (readonly number[])[], values: number[], present?: number, missing = 0): UnitValueCounts {
  const index = new Map(values.map((v, i) => [v, i] as const));
  const start = new Int32Array(units.length + 1);
  const vi: number[] = [];
  const cnt: number[] = [];
  const m = new Float64Array(units.length);
  let total = 0;
  units.forEach((vals, u) => {
    const counts = new Map<number, number>();
    for (const v of vals) {
      const i = index.get(v);
      if (i === undefined) throw new Error(`value ${v} of unit ${u + 1} is not among the values`);
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    for (const i of [...counts.keys()].sort((a, b) => a - b)) {
      vi.push(i);
      cnt.push(counts.get(i)!);
    }
    start[u + 1] = vi.length;
    m[u] = vals.length;
    total += vals.length;
  });
  return { values, start, valueIndex: Int32Array.from(vi), count: Float64Array.from(cnt), m, present: present ?? total, missing };
}

/**
 * The coincidence matrix of per-unit value counts; `weights[u]` (default 1) multiplies unit u's
 * contribution (a bootstrap resample counts a unit drawn twice twice).
 */
export function coincidenceFromUnits(units: UnitValueCounts, weights?: ArrayLike<number>): CoincidenceMatrix {
  const V = units.values.length;
  const o = new Float64Array(V * V);
  let pairableUnits = 0;
  const U = units.m.length;
  for (let u = 0; u < U; u++) {
    const mu = units.m[u]!;
    const w = weights ? weights[u]! : 1;
    if (mu < 2 || w === 0) continue;
    pairableUnits += w;
    const a = units.start[u]!;
    const b = units.start[u + 1]!;
    for (let x = a; x < b; x++) {
      const c = units.valueIndex[x]!;
      const nc = units.count[x]!;
      for (let y = a; y < b; y++) {
        const k = units.valueIndex[y]!;
        const pairs = x === y ? nc * (nc - 1) : nc * units.count[y]!;
        o[c * V + k]! += (w * pairs) / (mu - 1);
      }
    }
  }
  const marginals = new Float64Array(V);
  let n = 0;
  for (let c = 0; c < V; c++) {
    let s = 0;
    for (let k = 0; k < V; k++) s += o[c * V + k]!;
    marginals[c] = s;
    n += s;
  }
  return { values: units.values.slice(), o, marginals, n, pairableUnits };
}

/** The coincidence matrix of reliability data (raters x units). */
export function coincidenceMatrix(data: ReliabilityInput): CoincidenceMatrix {
  return coincidenceFromUnits(unitValueCounts(data, 'coincidenceMatrix'));
}

/**
 * Squared differences delta_ck (V x V row-major) of a level; ordinal uses the margins n_c.
 * @example metricDifferences([1, 2, 4], new Float64Array([3, 3, 2]), 'interval')  // [0, 1, 9, 1, 0, 4, 9, 4, 0]
 */
export function metricDifferences(values: readonly number[], marginals: ArrayLike<number>, level: AlphaLevel): Float64Array {
  const V = values.length;
  const d = new Float64Array(V * V);
  // Ordinal: mid-ranks R_c = sum_{g<c} n_g + n_c / 2, so sum_{g=c..k} n_g - (n_c + n_k)/2 = R_k - R_c.
  const rank = new Float64Array(V);
  let cum = 0;
  for (let c = 0; c < V; c++) {
    rank[c] = cum + marginals[c]! / 2;
    cum += marginals[c]!;
  }
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      if (c === k) continue;
      const vc = values[c]!;
      const vk = values[k]!;
      let delta: number;
      switch (level) {
        case 'nominal':
          delta = 1;
          break;
        case 'ordinal':
          delta = (rank[k]! - rank[c]!) ** 2;
          break;
        case 'interval':
          delta = (vc - vk) ** 2;
          break;
        case 'ratio':
          delta = vc + vk === 0 ? 0 : ((vc - vk) / (vc + vk)) ** 2;
          break;
      }
      d[c * V + k] = delta;
    }
  }
  return d;
}

/**
 * Alpha from a coincidence matrix: 1 - (n - 1) sum o_ck delta_ck / sum n_c n_k delta_ck. NaN when it is
 * undefined (fewer than two pairable values, or no expected disagreement: every pairable value equal).
 */
export function alphaFromCoincidence(cm: CoincidenceMatrix, level: AlphaLevel): { alpha: number; observedDisagreement: number; expectedDisagreement: number } {
  const V = cm.values.length;
  const n = cm.n;
  const delta = metricDifferences(cm.values, cm.marginals, level);
  let dO = 0;
  let dE = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      const d = delta[c * V + k]!;
      if (d === 0) continue;
      dO += cm.o[c * V + k]! * d;
      dE += cm.marginals[c]! * cm.marginals[k]! * d;
    }
  }
  if (!(n >= 2) || !(dE > 0)) return { alpha: NaN, observedDisagreement: n > 0 ? dO / n : NaN, expectedDisagreement: n >= 2 ? dE / (n * (n - 1)) : NaN };
  return { alpha: 1 - ((n - 1) * dO) / dE, observedDisagreement: dO / n, expectedDisagreement: dE / (n * (n - 1)) };
}

/**
 * Krippendorff's alpha of reliability data (raters x units; null/undefined/NaN = no value) at a level of
 * measurement. Throws when alpha is undefined (no unit with two values, or all pairable values equal) or
 * when ratio data have a negative value. Memory and time O(V^2) in the number V of distinct values (the
 * coincidence matrix); for continuous ratings with thousands of distinct values use alphaOfWeightedUnits.
 * @example
 *   krippendorffAlpha([[1, 2, 3, null], [1, 2, 4, 4]], 'interval').alpha
 *   krippendorffAlpha(reliabilityMatrix(rows), 'ordinal').alpha
 */
export function krippendorffAlpha(data: ReliabilityInput, level: AlphaLevel): AlphaResult {
  checkAlphaLevel(level);
  const units = unitValueCounts(data);
  return alphaOfUnits(units, level);
}

/** Alpha of per-unit value counts (see {@link krippendorffAlpha}); `who` prefixes error messages. */
export function alphaOfUnits(units: UnitValueCounts, level: AlphaLevel, who = 'krippendorffAlpha'): AlphaResult {
  if (level === 'ratio' && units.values.length && units.values[0]! < 0) throw new Error(`${who}: ratio data must be >= 0 (smallest value ${units.values[0]})`);
  const cm = coincidenceFromUnits(units);
  if (cm.pairableUnits === 0) throw new Error(`${who}: alpha is undefined: no unit has two or more values (${units.m.length} units, ${units.present} values)`);
  const pairableValues = cm.values.filter((_, c) => cm.marginals[c]! > 0);
  if (pairableValues.length < 2) throw new Error(`${who}: alpha is undefined: every pairable value is ${pairableValues[0]} (no variation, so no expected disagreement)`);
  const r = alphaFromCoincidence(cm, level);
  return {
    level,
    alpha: r.alpha,
    observedDisagreement: r.observedDisagreement,
    expectedDisagreement: r.expectedDisagreement,
    pairableValues: cm.n,
    pairableUnits: cm.pairableUnits,
    units: units.m.length,
    values: units.present,
    missing: units.missing,
    coincidence: cm,
  };
}
