/**
 * Intraclass correlations from variance components, in Shrout & Fleiss (1979) / McGraw & Wong (1996)
 * forms, named as R's psych::ICC names them. With item variance s2_item, rater variance s2_rater,
 * residual s2_e (crossed model rating ~ 1 + (1 | item) + (1 | rater)) and, for ICC1, the one-way model
 * rating ~ 1 + (1 | item) with residual s2_w (rater differences inside it):
 *
 *   ICC1   one-way random, single rater          s2_item / (s2_item + s2_w)
 *   ICC2   two-way random, absolute agreement    s2_item / (s2_item + s2_rater + s2_e)
 *   ICC3   two-way, consistency (rater effects   s2_item / (s2_item + s2_e)
 *          removed; psych's "fixed raters")
 *   ICC1k, ICC2k, ICC3k: the same for the mean of k ratings: the error variance in the denominator is
 *   divided by k, e.g. ICC2k = s2_item / (s2_item + (s2_rater + s2_e) / k).
 *
 * performance::icc(model)'s adjusted ICC of the one-way model is ICC1; its by_group ICC of "item" in the
 * crossed model is ICC2. psych::ICC computes the same forms from ANOVA mean squares (complete data) or,
 * with missing data, from lme4 components of the crossed model; ICC2/ICC3 then agree with these
 * formulas with k = number of raters (psych's columns), while psych's ICC1 from the crossed components
 * ((MSB - MSW) / (MSB + (k - 1) MSW)) differs from the one-way model's on incomplete data (equal on
 * complete data). Here k defaults to the mean number of ratings per item.
 *
 * Negative components (moment estimates) are taken as 0.
 */
import type { LmmFit } from '../model/index';
import { pf, qbeta } from '../stats/distributions';
import type { CrossedComponents, OneWayComponents, VarianceComponents } from './components';

/** psych's names of the six forms. */
export type IccType = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';

/** The six forms in psych's order. */
export const ICC_TYPES: readonly IccType[] = ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'];

/** What each form is, in words (Shrout & Fleiss case, psych's row name). */
export const ICC_DESCRIPTIONS: Readonly<Record<IccType, string>> = {
  ICC1: 'ICC(1,1): one-way random effects, single rater (psych Single_raters_absolute)',
  ICC2: 'ICC(2,1): two-way random effects, absolute agreement, single rater (psych Single_random_raters)',
  ICC3: 'ICC(3,1): two-way, consistency, single rater (psych Single_fixed_raters)',
  ICC1k: 'ICC(1,k): one-way random effects, mean of k ratings (psych Average_raters_absolute)',
  ICC2k: 'ICC(2,k): two-way random effects, absolute agreement, mean of k ratings (psych Average_random_raters)',
  ICC3k: 'ICC(3,k): two-way, consistency, mean of k ratings (psych Average_fixed_raters)',
};

const pos = (v: number): number => (v > 0 ? v : 0);

function ratio(num: number, den: number): number {
  return den > 0 ? num / den : NaN;
}

function checkK(k: number, who: string): void {
  if (!(k >= 1) || !Number.isFinite(k)) throw new Error(`${who}: k (ratings per item for the average forms) must be a number >= 1, got ${k}`);
}

/**
 * ICC2, ICC3, ICC2k, ICC3k from the crossed model's components.
 * @example iccCrossed({ item: 2.556, rater: 5.244, residual: 1.019 }, 4).ICC2  // 0.290 (Shrout & Fleiss)
 */
export function iccCrossed(c: CrossedComponents, k: number): Record<'ICC2' | 'ICC3' | 'ICC2k' | 'ICC3k', number> {
  checkK(k, 'iccCrossed');
  const a = pos(c.item);
  const b = pos(c.rater);
  const e = pos(c.residual);
  return { ICC2: ratio(a, a + b + e), ICC3: ratio(a, a + e), ICC2k: ratio(a, a + (b + e) / k), ICC3k: ratio(a, a + e / k) };
}

/** ICC1 and ICC1k from the one-way model's components. */
export function iccOneWay(c: OneWayComponents, k: number): Record<'ICC1' | 'ICC1k', number> {
  checkK(k, 'iccOneWay');
  const a = pos(c.item);
  const w = pos(c.residual);
  return { ICC1: ratio(a, a + w), ICC1k: ratio(a, a + w / k) };
}

/** All six forms from both models' components, for the mean of k ratings in the average forms. */
export function iccFromComponents(c: VarianceComponents, k: number): Record<IccType, number> {
  const one = iccOneWay(c.oneWay, k);
  const two = iccCrossed(c.crossed, k);
  return { ICC1: one.ICC1, ICC2: two.ICC2, ICC3: two.ICC3, ICC1k: one.ICC1k, ICC2k: two.ICC2k, ICC3k: two.ICC3k };
}

/** ICCs read from a fitted mixed model (see {@link iccFromFit}). */
export interface IccFromFit {
  /** ICC1/ICC1k (no rater term) or ICC2/ICC3/ICC2k/ICC3k (with it). */
  icc: Partial<Record<IccType, number>>;
  /** The variances used: item, rater (when present), other random terms (summed), residual. */
  components: { item: number; rater: number | null; other: number; residual: number };
  k: number;
}

/**
 * ICCs from any fitted LMM with a random intercept for the items: with a rater intercept as well it
 * gives ICC2/ICC3 (and k forms), without it ICC1. Further random terms (e.g. post:rater) and fixed
 * effects are allowed: the other variances count as error (as in performance::icc(by_group = TRUE),
 * whose "item" row is ICC2 here), fixed effects are adjusted for (the ICC is then conditional on them).
 * k defaults to the mean number of observations per item level.
 * @example
 *   const fit = fitLmm('rating ~ source + (1 | post) + (1 | rater)', rows);
 *   iccFromFit(fit, { item: 'post', rater: 'rater' }).icc.ICC2
 */
export function iccFromFit(fit: LmmFit, options: { item?: string; rater?: string | null; k?: number } = {}): IccFromFit {
  const itemName = options.item ?? 'item';
  const raterName = options.rater === undefined ? 'rater' : options.rater;
  for (const t of fit.design.reterms) {
    if (t.k !== 1 || t.cnames[0] !== '(Intercept)') throw new Error(`iccFromFit: the term (${t.text}) is not a random intercept; ICCs need intercept-only random terms`);
  }
  const sd = fit.varcorr().sd;
  const groups = sd.filter((r) => r.group !== 'Residual').map((r) => r.group);
  const find = (g: string): number | null => sd.find((r) => r.group === g)?.variance ?? null;
  const item = find(itemName);
  if (item === null) throw new Error(`iccFromFit: no random intercept for '${itemName}' in ${fit.formula} (groups: ${groups.join(', ')}); pass { item: '<group>' }`);
  const rater = raterName === null ? null : find(raterName);
  if (raterName !== null && options.rater !== undefined && rater === null) throw new Error(`iccFromFit: no random intercept for '${raterName}' in ${fit.formula} (groups: ${groups.join(', ')})`);
  const other = sd.filter((r) => r.group !== 'Residual' && r.group !== itemName && r.group !== raterName).reduce((s, r) => s + r.variance, 0);
  const residual = fit.sigma * fit.sigma;
  const itemTerm = fit.design.reterms.find((t) => t.group === itemName)!;
  const k = options.k ?? fit.nobs / itemTerm.levels.length;
  checkK(k, 'iccFromFit');
  const icc: Partial<Record<IccType, number>> =
    rater === null
      ? iccOneWay({ item, residual: residual + other }, k)
      : iccCrossed({ item, rater, residual: residual + other }, k);
  return { icc, components: { item, rater, other, residual }, k };
}

/** One row of psych::ICC's ANOVA table. */
export interface ShroutFleissRow {
  type: IccType;
  description: string;
  icc: number;
  F: number;
  df1: number;
  df2: number;
  p: number;
  lower: number;
  upper: number;
}

/** R's qf(p, df1, df2), from the beta quantile. */
function qf(p: number, df1: number, df2: number): number {
  const x = qbeta(p, df1 / 2, df2 / 2);
  return (df2 / df1) * (x / (1 - x));
}

/**
 * The six ICCs of a COMPLETE items x raters matrix from two-way ANOVA mean squares, with F tests and
 * the F-based confidence intervals of Shrout & Fleiss (1979) and McGraw & Wong (1996), as
 * psych::ICC(x, lmer = FALSE) computes them (same formulas, including its interval for ICC2).
 * @example iccShroutFleiss([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])[1].icc  // 0.290
 */
export function iccShroutFleiss(x: readonly (readonly number[])[], options: { level?: number } = {}): { rows: ShroutFleissRow[]; MSB: number; MSJ: number; MSE: number; MSW: number } {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`iccShroutFleiss: level must be between 0 and 1, got ${level}`);
  const n = x.length;
  if (n < 2) throw new Error(`iccShroutFleiss: need at least 2 items (rows), got ${n}`);
  const k = x[0]!.length;
  if (k < 2) throw new Error(`iccShroutFleiss: need at least 2 raters (columns), got ${k}`);
  x.forEach((row, i) => {
    if (row.length !== k) throw new Error(`iccShroutFleiss: item row ${i + 1} has ${row.length} ratings, row 1 has ${k}`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`iccShroutFleiss: item row ${i + 1}, rater ${j + 1}: ${JSON.stringify(v)} is not a number (the ANOVA forms need complete data; use iccTable for missing ratings)`);
    });
  });
  let grand = 0;
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) {
    const v = x[i]![j]!;
    grand += v;
    rowMean[i]! += v / k;
    colMean[j]! += v / n;
  }
  grand /= n * k;
  let ssB = 0;
  let ssJ = 0;
  let ssT = 0;
  for (let i = 0; i < n; i++) ssB += k * (rowMean[i]! - grand) ** 2;
  for (let j = 0; j < k; j++) ssJ += n * (colMean[j]! - grand) ** 2;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) ssT += (x[i]![j]! - grand) ** 2;
  const ssE = ssT - ssB - ssJ;
  const MSB = ssB / (n - 1);
  const MSJ = ssJ / (k - 1);
  const MSE = ssE / ((n - 1) * (k - 1));
  const MSW = (ssJ + ssE) / (n * (k - 1));
  const alpha = 1 - level;
  const icc: Record<IccType, number> = {
    ICC1: (MSB - MSW) / (MSB + (k - 1) * MSW),
    ICC2: (MSB - MSE) / (MSB + (k - 1) * MSE + (k * (MSJ - MSE)) / n),
    ICC3: (MSB - MSE) / (MSB + (k - 1) * MSE),
    ICC1k: (MSB - MSW) / MSB,
    ICC2k: (MSB - MSE) / (MSB + (MSJ - MSE) / n),
    ICC3k: (MSB - MSE) / MSB,
  };
  const F1 = MSB / MSW;
  const df1n = n - 1;
  const df1d = n * (k - 1);
  const F3 = MSB / MSE;
  const df3d = (n - 1) * (k - 1);
  // P(F(a, b) > F) = P(F(b, a) < 1/F): the lower tail keeps tiny p values accurate.
  const upperTail = (F: number, a: number, b: number): number => pf(1 / F, b, a);
  const F1L = F1 / qf(1 - alpha / 2, df1n, df1d);
  const F1U = F1 * qf(1 - alpha / 2, df1d, df1n);
  const F3L = F3 / qf(1 - alpha / 2, df1n, df3d);
  const F3U = F3 * qf(1 - alpha / 2, df3d, df1n);
  // ICC2 interval (McGraw & Wong 1996, as psych): Satterthwaite-type df v.
  const r2 = icc.ICC2;
  const Fj = MSJ / MSE;
  const vn = (k - 1) * (n - 1) * (k * r2 * Fj + n * (1 + (k - 1) * r2) - k * r2) ** 2;
  const vd = (n - 1) * k * k * r2 * r2 * Fj * Fj + (n * (1 + (k - 1) * r2) - k * r2) ** 2;
  const v = vn / vd;
  const F2U = qf(1 - alpha / 2, n - 1, v);
  const F2L = qf(1 - alpha / 2, v, n - 1);
  const L2 = (n * (MSB - F2U * MSE)) / (F2U * (k * MSJ + (k * n - k - n) * MSE) + n * MSB);
  const U2 = (n * (F2L * MSB - MSE)) / (k * MSJ + (k * n - k - n) * MSE + n * F2L * MSB);
  const p1 = upperTail(F1, df1n, df1d);
  const p3 = upperTail(F3, df1n, df3d);
  const bounds: Record<IccType, [number, number]> = {
    ICC1: [(F1L - 1) / (F1L + (k - 1)), (F1U - 1) / (F1U + k - 1)],
    ICC2: [L2, U2],
    ICC3: [(F3L - 1) / (F3L + k - 1), (F3U - 1) / (F3U + k - 1)],
    ICC1k: [1 - 1 / F1L, 1 - 1 / F1U],
    ICC2k: [(L2 * k) / (1 + L2 * (k - 1)), (U2 * k) / (1 + U2 * (k - 1))],
    ICC3k: [1 - 1 / F3L, 1 - 1 / F3U],
  };
  const rows = ICC_TYPES.map((type): ShroutFleissRow => {
    const oneWay = type === 'ICC1' || type === 'ICC1k';
    return {
      type,
      description: ICC_DESCRIPTIONS[type],
      icc: icc[type],
      F: oneWay ? F1 : F3,
      df1: df1n,
      df2: oneWay ? df1d : df3d,
      p: oneWay ? p1 : p3,
      lower: bounds[type][0],
      upper: bounds[type][1],
    };
  });
  return { rows, MSB, MSJ, MSE, MSW };
}
