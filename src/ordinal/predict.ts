/**
 * Predicted category probabilities of a CLMM for every combination of the fixed factors' levels (the
 * reference grid of src/inference/refgrid.ts; numeric covariates at their mean or at `at`):
 *
 * - "conditional": all random effects at 0, i.e. a typical rater rating a typical post:
 *   P(Y = j) = F(theta_j - eta) - F(theta_{j-1} - eta), eta = x' beta (what R's reference stores);
 * - "marginal" (population-averaged): averaged over the random effects' normal distribution, i.e. the
 *   distribution of ratings of a new rater on a new post: P(Y = j) = E_b[F(theta_j - eta - b) - F(theta_{j-1} - eta - b)],
 *   b ~ N(0, sum of the included variances), by Gauss-Hermite quadrature.
 *
 * When the categories are numbers (1..5), `mean` is the expected rating sum_j value_j P(Y = j), which can be
 * set beside the LMM's predicted means.
 */
import { referenceGrid } from '../inference/refgrid';
import type { ClmmPredictInput } from './fitTypes';
import { gaussHermite } from './gaussHermite';
import { intervalProbability } from './link';

/** Options of {@link predictProbabilities}. */
export interface PredictProbabilitiesOptions {
  /** "conditional" (random effects at 0; default) or "marginal" (averaged over the random effects). */
  type?: 'conditional' | 'marginal';
  /** For "marginal": the grouping factors to average over (default: all). */
  groups?: readonly string[];
  /** Values for numeric covariates (default: their mean). */
  at?: Record<string, number>;
  /** Gauss-Hermite nodes for "marginal" (default 60). */
  nodes?: number;
}

/** Predicted probabilities at one grid point. */
export interface CategoryProbabilities {
  /** Factor levels of the grid point, e.g. { source: 'gpt4' }. */
  level: Record<string, string>;
  /** Latent linear predictor x' beta. */
  eta: number;
  /** P(Y = category j), j in responseLevels order. */
  probs: number[];
  /** Expected response when the categories are numbers (else NaN). */
  mean: number;
}

/** Result of {@link predictProbabilities}. */
export interface PredictedProbabilities {
  type: 'conditional' | 'marginal';
  categories: string[];
  /** SD of the random effect averaged over ("marginal"; 0 for "conditional"). */
  averagedSd: number;
  rows: CategoryProbabilities[];
}

/** P(Y = j | eta) for all categories (thresholds ascending). */
export function categoryProbabilities(thresholds: ArrayLike<number>, eta: number): number[] {
  const J = thresholds.length + 1;
  const out: number[] = [];
  for (let j = 0; j < J; j++) {
    const a = j < J - 1 ? thresholds[j]! - eta : Infinity;
    const b = j > 0 ? thresholds[j - 1]! - eta : -Infinity;
    out.push(intervalProbability(a, b));
  }
  return out;
}

/** P(Y = j) with eta + b, b ~ N(0, sd^2), by K-node Gauss-Hermite quadrature. */
export function marginalCategoryProbabilities(thresholds: ArrayLike<number>, eta: number, sd: number, nodes = 60): number[] {
  if (sd === 0) return categoryProbabilities(thresholds, eta);
  const { nodes: x, weights: w } = gaussHermite(nodes);
  const out = new Array<number>(thresholds.length + 1).fill(0);
  for (let k = 0; k < x.length; k++) {
    const p = categoryProbabilities(thresholds, eta + Math.SQRT2 * sd * x[k]!);
    for (let j = 0; j < p.length; j++) out[j] += (w[k]! / Math.sqrt(Math.PI)) * p[j]!;
  }
  return out;
}

/** Expected value of numeric category labels (NaN when a label is not a number). */
export function expectedCategory(categories: readonly string[], probs: readonly number[]): number {
  let m = 0;
  for (let j = 0; j < categories.length; j++) {
    const v = Number(categories[j]);
    if (!Number.isFinite(v) || categories[j]!.trim() === '') return NaN;
    m += v * probs[j]!;
  }
  return m;
}

/**
 * Linear predictor x' beta of each reference-grid point (the CLMM has no intercept: thresholds take its place).
 */
export function latentGrid(fit: ClmmPredictInput, at?: Record<string, number>): { level: Record<string, string>; eta: number; x: number[] }[] {
  const grid = referenceGrid(fit.design.base, { at });
  const idx = fit.fixefNames.map((n) => grid.coefficients.indexOf(n));
  return grid.points.map((pt, i) => {
    const x = idx.map((j) => grid.X[i]![j]!);
    let eta = 0;
    for (let k = 0; k < x.length; k++) eta += x[k]! * fit.beta[k]!;
    return { level: pt, eta, x };
  });
}

/**
 * Predicted category probabilities per condition.
 * @example predictProbabilities(fit).rows[0] // { level: { source: 'gpt4' }, eta: 0, probs: [...5], mean: 4.05 }
 */
export function predictProbabilities(fit: ClmmPredictInput, options: PredictProbabilitiesOptions = {}): PredictedProbabilities {
  const type = options.type ?? 'conditional';
  let sd = 0;
  if (type === 'marginal') {
    const groups = options.groups ?? fit.design.reterms.map((t) => t.group);
    let v = 0;
    for (const g of groups) {
      const k = fit.design.reterms.findIndex((t) => t.group === g);
      if (k < 0) throw new Error(`'${g}' is not a grouping factor of the model (${fit.design.reterms.map((t) => t.group).join(', ')})`);
      v += fit.sd[k]! ** 2;
    }
    sd = Math.sqrt(v);
  }
  const rows = latentGrid(fit, options.at).map(({ level, eta }) => {
    const probs = type === 'marginal' ? marginalCategoryProbabilities(fit.thresholds, eta, sd, options.nodes ?? 60) : categoryProbabilities(fit.thresholds, eta);
    return { level, eta, probs, mean: expectedCategory(fit.responseLevels, probs) };
  });
  return { type, categories: fit.responseLevels.slice(), averagedSd: sd, rows };
}
