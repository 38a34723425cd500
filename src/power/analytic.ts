/**
 * Closed-form power for a t test with a noncentral t statistic, and its use for the contrast of two
 * conditions that every rater rates within each post (a within post:rater contrast).
 *
 * In a linear mixed model whose random effects are all constant within a post:rater cell (rater, post,
 * post:rater intercepts), a difference between two conditions rated in every cell is estimated from the
 * within-cell differences only: with C cells, K conditions per cell and residual SD sigma, the estimate has
 * SE sigma sqrt(2 / C), sigma^2 is estimated with (C - 1)(K - 1) df, and t follows a noncentral t with
 * ncp = effect / (sigma sqrt(2 / C)). The simulation-based power of src/power/run.ts is checked against it.
 */
import { pnorm, qchisq, qt } from '../stats/distributions';
import { gaussHermite } from '../ordinal/gaussHermite';
import type { StudyLayout } from './design';
import type { LmmScenario } from './scenario';

/**
 * Two-sided power of a t test: P(|T| > t_{1 - alpha/2, df}) for T ~ noncentral t(df, ncp), by averaging the
 * conditional power given the variance estimate s^2 ~ chi^2_df / df over its distribution with Gauss-Hermite
 * quadrature (`nodes` nodes) on normal scores: s^2 = qchisq(pnorm(z), df) / df, z ~ N(0, 1). Above 1000 df
 * the Wilson-Hilferty normal approximation of (chi^2_df / df)^(1/3) is used instead (no quantile
 * inversion; relative error below 1e-8 there). df = Infinity gives the
 * normal-theory power. Agrees with R's pt(q, df, ncp) to ~1e-11.
 * @example tTestPower(2.8, 100) // 0.79191 (R: 1 - pt(qt(.975, 100), 100, 2.8) + pt(-qt(.975, 100), 100, 2.8))
 */
export function tTestPower(ncp: number, df: number, alpha = 0.05, nodes = 80): number {
  const c = qt(1 - alpha / 2, df);
  const cond = (s: number) => 1 - pnorm(c * s - ncp) + pnorm(-c * s - ncp);
  if (!Number.isFinite(df)) return cond(1);
  const rule = gaussHermite(nodes);
  let sum = 0;
  for (let k = 0; k < rule.nodes.length; k++) {
    const z = Math.SQRT2 * rule.nodes[k]!;
    let s: number;
    if (df > 1000) {
      const cube = 1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df));
      s = Math.pow(Math.max(cube, 0), 1.5);
    } else {
      s = Math.sqrt(qchisq(pnorm(z), df) / df);
    }
    const v = cond(s);
    if (Number.isFinite(v)) sum += (rule.weights[k]! / Math.sqrt(Math.PI)) * v;
  }
  return sum;
}

/** A contrast of two conditions rated within each post:rater cell. */
export interface WithinCellContrast {
  /** True difference between the two conditions (rating points). */
  effect: number;
  /** Residual SD (rating points). */
  sigma: number;
  /** Number of post:rater cells (raters x posts per rater). */
  cells: number;
  /** Conditions rated in each cell (e.g. 3 responses per post). */
  conditions: number;
  /** Significance level (default 0.05). */
  alpha?: number;
}

/**
 * Power of the within-cell contrast (see the module comment).
 * @example withinCellContrastPower({ effect: 0.1, sigma: 0.764, cells: 920, conditions: 3 }).power // about 0.8
 */
export function withinCellContrastPower(c: WithinCellContrast): { se: number; df: number; ncp: number; power: number } {
  if (!(c.cells >= 2) || !(c.conditions >= 2)) throw new Error(`withinCellContrastPower: need at least 2 cells and 2 conditions (got ${c.cells}, ${c.conditions})`);
  const se = c.sigma * Math.sqrt(2 / c.cells);
  const df = (c.cells - 1) * (c.conditions - 1);
  const ncp = c.effect / se;
  return { se, df, ncp, power: tTestPower(ncp, df, c.alpha ?? 0.05) };
}

/** A within-cell contrast whose size also varies between posts (a post:condition random effect). */
export interface WithinCellContrastWithPostVariation extends WithinCellContrast {
  /** SD of the post:condition random effect (rating points). */
  sdPostCondition: number;
  /** Number of posts, each rated in cells / posts cells. */
  posts: number;
}

/**
 * Approximate power of the within-cell contrast when each condition's effect varies between posts with SD
 * sd_pc: the estimate averages post-level differences, Var = 2 sd_pc^2 / P + 2 sigma^2 / C, and its t has
 * about (P - 1)(K - 1) df (the post:condition stratum). With sd_pc = 0 this is not the same df as
 * withinCellContrastPower (which uses the cells' df); use that function then. An approximation for
 * planning; the simulation (powerCurve with a post:condition SD) is exact for its scenario.
 */
export function withinCellContrastPowerWithPostVariation(c: WithinCellContrastWithPostVariation): { se: number; df: number; ncp: number; power: number } {
  if (!(c.posts >= 2)) throw new Error(`withinCellContrastPowerWithPostVariation: need at least 2 posts (got ${c.posts})`);
  const se = Math.sqrt((2 * c.sdPostCondition ** 2) / c.posts + (2 * c.sigma ** 2) / c.cells);
  const df = (c.posts - 1) * (c.conditions - 1);
  const ncp = c.effect / se;
  return { se, df, ncp, power: tTestPower(ncp, df, c.alpha ?? 0.05) };
}

/**
 * The smallest number of raters (from `from` up to `to`) whose power reaches `target`, for a power function
 * of the number of raters that increases with it (bisection on integers); null when even `to` falls short.
 * @example smallestRatersFor((R) => withinCellContrastPower({ effect: 0.1, sigma: 0.764, cells: 10 * R, conditions: 3 }).power, 0.8) // 92
 */
export function smallestRatersFor(power: (raters: number) => number, target = 0.8, from = 2, to = 100000): number | null {
  if (power(to) < target) return null;
  let lo = from;
  let hi = to;
  if (power(lo) >= target) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (power(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Closed-form power of contrast[0] - contrast[1] for an LMM scenario and a layout in which every rater rates
 * all conditions of each of their posts: withinCellContrastPower, or its post-variation version when the
 * scenario has a post:condition SD.
 * @example closedFormContrastPower(scenario, { posts: 120, postsPerRater: 10, conditions: ['gpt4', 'llama2', 'mistral'] }, ['gpt4', 'llama2'], 92)
 */
export function closedFormContrastPower(scenario: LmmScenario, layout: StudyLayout, contrast: [string, string], raters: number, alpha = 0.05): { se: number; df: number; ncp: number; power: number } {
  const [a, b] = contrast;
  const ma = scenario.means[a];
  const mb = scenario.means[b];
  if (ma === undefined || mb === undefined) throw new Error(`contrast: the scenario has no mean for '${ma === undefined ? a : b}'`);
  const base = { effect: ma - mb, sigma: scenario.sigma, cells: raters * layout.postsPerRater, conditions: layout.conditions.length, alpha };
  const pc = scenario.sd['post:condition'] ?? 0;
  return pc > 0 ? withinCellContrastPowerWithPostVariation({ ...base, sdPostCondition: pc, posts: layout.posts }) : withinCellContrastPower(base);
}
