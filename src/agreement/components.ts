/**
 * Variance components of ratings y = mu + a_item + b_rater + e, two ways:
 * - REML with the project's mixed-model engine (src/model, matches lme4): the crossed model
 *   `rating ~ 1 + (1 | item) + (1 | rater)` and the one-way model `rating ~ 1 + (1 | item)`;
 * - moments (unbiased U-statistics of Gao & Owen 2017, "Efficient moment calculations for variance
 *   components in large unbalanced crossed random effects models", Electron. J. Stat. 11:1235-1296), O(N)
 *   and with item weights, for the bootstrap. On complete (balanced) data they are the two-way ANOVA
 *   estimates, hence equal to REML when no component is negative.
 *
 * Moment equations, with n_i ratings of item i, m_j of rater j, N in all, and at most one rating per
 * rater and item:
 *   U_item  = sum_i n_i SS_i (SS_i: sum of squares within item i)   E = (s2_rater + s2_e) (sum n_i^2 - N)
 *   U_rater = sum_j m_j SS_j                                          E = (s2_item + s2_e) (sum m_j^2 - N)
 *   U_all   = N SS                                                    E = s2_item (N^2 - sum n_i^2)
 *                                                                         + s2_rater (N^2 - sum m_j^2) + s2_e (N^2 - N)
 * and for the one-way model (rater variance inside the residual) the first and last equations without
 * s2_rater. Moment estimates can be negative; the ICCs truncate them at 0.
 */
import { fitLmm, type LmmFit } from '../model/index';
import type { IndexedRatings } from './ratings';

/** Variances of the crossed model rating ~ 1 + (1 | item) + (1 | rater). */
export interface CrossedComponents {
  item: number;
  rater: number;
  residual: number;
}

/** Variances of the one-way model rating ~ 1 + (1 | item) (rater differences are in the residual). */
export interface OneWayComponents {
  item: number;
  residual: number;
}

/** The crossed and one-way components of one set of ratings. */
export interface VarianceComponents {
  crossed: CrossedComponents;
  oneWay: OneWayComponents;
}

/** The formula of the crossed model (the ICC(2), ICC(3) forms). */
export const CROSSED_FORMULA = 'rating ~ 1 + (1 | item) + (1 | rater)';
/** The formula of the one-way model (the ICC(1) forms). */
export const ONE_WAY_FORMULA = 'rating ~ 1 + (1 | item)';

function modelColumns(d: IndexedRatings): Record<string, unknown[]> {
  return {
    rating: Array.from(d.y),
    item: Array.from(d.item, (i) => d.items[i]!),
    rater: Array.from(d.rater, (j) => d.raters[j]!),
  };
}

/** Variance of a grouping factor's intercept in a fit (throws when the fit has no such term). */
export function interceptVariance(fit: LmmFit, group: string): number {
  const row = fit.varcorr().sd.find((r) => r.group === group && r.term === '(Intercept)');
  if (!row) throw new Error(`the model ${fit.formula} has no random intercept for '${group}' (groups: ${fit.varcorr().sd.map((r) => r.group).join(', ')})`);
  return row.variance;
}

/**
 * REML fit of the crossed model `rating ~ 1 + (1 | item) + (1 | rater)` with the project's engine.
 * @example remlCrossed(indexRatings(checkRatingRows(rows))).varcorr()
 */
export function remlCrossed(d: IndexedRatings, start?: ArrayLike<number>): LmmFit {
  return fitLmm(CROSSED_FORMULA, modelColumns(d), start ? { start } : {});
}

/** REML fit of the one-way model `rating ~ 1 + (1 | item)`. */
export function remlOneWay(d: IndexedRatings): LmmFit {
  return fitLmm(ONE_WAY_FORMULA, modelColumns(d));
}

/** Components of the crossed model from its fit. */
export function crossedComponentsOf(fit: LmmFit): CrossedComponents {
  return { item: interceptVariance(fit, 'item'), rater: interceptVariance(fit, 'rater'), residual: fit.sigma * fit.sigma };
}

/**
 * REML components of both models. With `crossed: false` (a design where no rater rated two items, so
 * rater and residual variance cannot be separated) only the one-way model is fitted and the crossed
 * components are NaN.
 */
export function remlComponents(d: IndexedRatings, options: { crossed?: boolean } = {}): VarianceComponents & { fits: { crossed: LmmFit | null; oneWay: LmmFit } } {
  const crossed = options.crossed === false ? null : remlCrossed(d);
  const oneWay = remlOneWay(d);
  return {
    crossed: crossed ? crossedComponentsOf(crossed) : { item: NaN, rater: NaN, residual: NaN },
    oneWay: { item: interceptVariance(oneWay, 'item'), residual: oneWay.sigma * oneWay.sigma },
    fits: { crossed, oneWay },
  };
}

/** Ratings arranged for repeated moment estimates (the response centred at its mean, for accuracy). */
export interface MomentData {
  nItems: number;
  nRaters: number;
  item: Int32Array;
  rater: Int32Array;
  /** Centred ratings. */
  y: Float64Array;
  /** Per item: ratings, sum, sum of squares, within-item sum of squares. */
  n: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  ssw: Float64Array;
  /** Scratch per rater. */
  m: Float64Array;
  r1: Float64Array;
  r2: Float64Array;
}

/** Per-item sums of indexed ratings, for {@link momentComponents}. */
export function momentData(d: IndexedRatings): MomentData {
  const I = d.items.length;
  const J = d.raters.length;
  let mean = 0;
  for (const v of d.y) mean += v;
  mean /= d.y.length || 1;
  const y = Float64Array.from(d.y, (v) => v - mean);
  const n = new Float64Array(I);
  const s1 = new Float64Array(I);
  const s2 = new Float64Array(I);
  y.forEach((v, o) => {
    const i = d.item[o]!;
    n[i]!++;
    s1[i]! += v;
    s2[i]! += v * v;
  });
  const ssw = Float64Array.from(n, (ni, i) => (ni > 0 ? s2[i]! - (s1[i]! * s1[i]!) / ni : 0));
  return { nItems: I, nRaters: J, item: d.item, rater: d.rater, y, n, s1, s2, ssw, m: new Float64Array(J), r1: new Float64Array(J), r2: new Float64Array(J) };
}

/**
 * Moment (U-statistic) estimates of both models' variance components; item i counts weights[i] times
 * (default 1), as a distinct copy each time. Components can be negative; NaN when not estimable (no
 * item with two ratings; for the crossed model also no rater with two items).
 * @example momentComponents(momentData(indexRatings(checkRatingRows(rows)))).crossed
 */
export function momentComponents(md: MomentData, weights?: ArrayLike<number>): VarianceComponents {
  const I = md.nItems;
  let N = 0;
  let sumN2 = 0;
  let uItem = 0;
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < I; i++) {
    const a = weights ? weights[i]! : 1;
    if (a === 0) continue;
    const ni = md.n[i]!;
    N += a * ni;
    sumN2 += a * ni * ni;
    uItem += a * ni * md.ssw[i]!;
    t1 += a * md.s1[i]!;
    t2 += a * md.s2[i]!;
  }
  const { m, r1, r2 } = md;
  m.fill(0);
  r1.fill(0);
  r2.fill(0);
  const nObs = md.y.length;
  for (let o = 0; o < nObs; o++) {
    const a = weights ? weights[md.item[o]!]! : 1;
    if (a === 0) continue;
    const j = md.rater[o]!;
    const v = md.y[o]!;
    m[j]! += a;
    r1[j]! += a * v;
    r2[j]! += a * v * v;
  }
  let uRater = 0;
  let sumM2 = 0;
  for (let j = 0; j < md.nRaters; j++) {
    const mj = m[j]!;
    if (mj === 0) continue;
    uRater += mj * r2[j]! - r1[j]! * r1[j]!;
    sumM2 += mj * mj;
  }
  const uAll = N * t2 - t1 * t1;
  const A = sumN2 - N;
  const B = sumM2 - N;
  const N2 = N * N;
  // One-way: U_item = s2_w A, U_all = s2_item (N^2 - sum n^2) + s2_w (N^2 - N).
  const w = A > 0 ? uItem / A : NaN;
  const oneWay = { item: N2 - sumN2 > 0 ? (uAll - w * (N2 - N)) / (N2 - sumN2) : NaN, residual: w };
  // Crossed: s1 = s2_rater + s2_e = U_item / A, s2 = s2_item + s2_e = U_rater / B.
  let crossed: CrossedComponents = { item: NaN, rater: NaN, residual: NaN };
  if (A > 0 && B > 0) {
    const sRater = uItem / A;
    const sItem = uRater / B;
    const ca = N2 - sumN2;
    const cb = N2 - sumM2;
    const denom = sumN2 + sumM2 - N2 - N;
    if (denom !== 0) {
      const e = (uAll - sItem * ca - sRater * cb) / denom;
      crossed = { item: sItem - e, rater: sRater - e, residual: e };
    }
  }
  return { crossed, oneWay };
}
