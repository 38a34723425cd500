/**
 * Pairwise contrasts of a CLMM on the latent scale (emmeans' `pairwise` on a clmm in "latent" mode):
 * for levels a, b of a fixed factor, the difference of the equally weighted marginal means of the linear
 * predictor, (x_a - x_b)' beta, in logits: positive = level a rated higher. Wald z tests and intervals from
 * vcov(beta); multiplicity adjustments as emmeans (src/inference/adjust.ts, with df = Inf).
 */
import { adjustPValues, criticalValues, type AdjustMethod } from '../inference/adjust';
import { marginalGrid, referenceGrid } from '../inference/refgrid';
import type { ClmmContrastInput } from './fitTypes';
import type { ClmmDesign } from './design';

/** Options of {@link latentPairwise}. */
export interface LatentPairwiseOptions {
  /** Multiplicity adjustment (default 'none', as the paper's comparisons). */
  adjust?: AdjustMethod;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Values for numeric covariates (default their mean). */
  at?: Record<string, number>;
}

/** One pairwise contrast "a - b" on the latent (logit) scale. */
export interface LatentContrast {
  contrast: string;
  level1: string;
  level2: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
}

/** The family of contrasts with the adjustment used. */
export interface LatentPairwise {
  factor: string;
  adjust: AdjustMethod;
  level: number;
  rows: LatentContrast[];
  /** emmeans-style footnotes. */
  messages: string[];
}

/**
 * Linear functions over the CLMM's coefficients (fixefNames order) giving the latent marginal mean of each
 * level of `factor` (reference grid averaged with equal weights; thresholds excluded).
 */
export function latentLinearFunctions(design: ClmmDesign, factor: string, at?: Record<string, number>): { level: string; L: number[] }[] {
  const grid = referenceGrid(design.base, { at });
  const mg = marginalGrid(grid, [factor]);
  const idx = design.fixefNames.map((n) => grid.coefficients.indexOf(n));
  return mg.levels.map((lv, r) => ({ level: lv[factor]!, L: idx.map((j) => mg.linfct[r]![j]!) }));
}

/** Latent marginal mean (linear predictor, thresholds excluded) of each level of `factor`, with its linear function over beta. */
export function latentMeans(fit: ClmmContrastInput, factor: string, at?: Record<string, number>): { level: string; estimate: number; L: number[] }[] {
  return latentLinearFunctions(fit.design, factor, at).map(({ level, L }) => {
    let est = 0;
    for (let k = 0; k < L.length; k++) est += L[k]! * fit.beta[k]!;
    return { level, estimate: est, L };
  });
}

/**
 * All pairwise differences of the levels of `factor` on the latent scale ("a - b" with a before b in level order).
 * @example latentPairwise(fit, 'source').rows // [{ contrast: 'gpt4 - llama2', estimate: 0.005, z: 0.09, p: 0.93, ... }, ...]
 */
export function latentPairwise(fit: ClmmContrastInput, factor: string, options: LatentPairwiseOptions = {}): LatentPairwise {
  const adjust = options.adjust ?? 'none';
  const level = options.level ?? 0.95;
  const means = latentMeans(fit, factor, options.at);
  const pairs: { a: number; b: number }[] = [];
  for (let a = 0; a < means.length; a++) for (let b = a + 1; b < means.length; b++) pairs.push({ a, b });
  const raw = pairs.map(({ a, b }) => {
    const L = means[a]!.L.map((v, k) => v - means[b]!.L[k]!);
    const { estimate, se } = fit.linearCombination(L);
    return { a, b, estimate, se, z: estimate / se };
  });
  const family = { size: means.length, nContrasts: pairs.length, pairwise: true };
  const df = raw.map(() => Infinity);
  const adj = adjustPValues(raw.map((r) => r.z), df, adjust, family);
  const cv = criticalValues(level, df, adjust, family);
  const rows = raw.map((r, i) => ({
    contrast: `${means[r.a]!.level} - ${means[r.b]!.level}`,
    level1: means[r.a]!.level,
    level2: means[r.b]!.level,
    estimate: r.estimate,
    se: r.se,
    z: r.z,
    p: adj.p[i]!,
    lower: r.estimate - cv.cv[i]! * r.se,
    upper: r.estimate + cv.cv[i]! * r.se,
  }));
  const messages = ['Results are given on the latent (logit) scale; positive = first level rated higher.'];
  if (adj.message) messages.push(adj.message);
  if (cv.message) messages.push(cv.message);
  if (adj.note) messages.push(adj.note);
  return { factor, adjust: adj.method, level, rows, messages };
}
