/**
 * Inference on fitted linear mixed models, after emmeans / lmerTest / pbkrtest:
 * - `emmeans(fit, 'source', { df })`: estimated marginal means with SE, df, confidence intervals;
 * - `comparePairs(fit, 'source', { adjust, df })`: all pairwise contrasts (tukey | holm | bonferroni | none
 *   | sidak | ...); `compareToReference(fit, 'source', { ref, adjust, df })`: each level minus a reference;
 *   `emm.contrast(method, options)` for any family or custom coefficients;
 * - df methods "satterthwaite" (default; lmerTest), "kenward-roger" (pbkrtest, with the adjusted covariance),
 *   "asymptotic"; `kenwardRogerOf(fit)` for the adjusted covariance itself, `krFTest(L, fit.beta, kr)` for
 *   its scaled F test of several contrasts (pbkrtest::KRmodcomp);
 * - `effectSizes(fit, 'source', { replicates, seed })`: standardized differences d = contrast /
 *   sqrt(sum of variance components) with parametric-bootstrap intervals;
 * - `compareStudies(ratings, { raterCoding })`: one study vs another per source.
 * Every result prints itself like emmeans (toString, toHTML) and has typed rows (toJSON).
 *
 * @example
 *   const fit = fitLmm('rating ~ source + (1|post:rater) + (1|post) + (1|rater)', rows, { reference: { source: 'human' } });
 *   console.log(emmeans(fit, 'source').toString());
 *   const pairs = comparePairs(fit, 'source', { adjust: 'none' });
 *   pairs.rows.find((r) => r.contrast === 'human - gpt4')!.t   // -20.13
 */
import type { LmmFit } from '../model/index';
import type { AdjustMethod } from './adjust';
import { contrast, type ContrastTable } from './contrasts';
import type { DfMethod } from './dfMethod';
import { emmeans } from './emmeans';

export { emmeans, EmmGrid } from './emmeans';
export type { EmmeansOptions, EmmRow } from './emmeans';
export { contrast, contrastCoefficients, ContrastTable } from './contrasts';
export type { ContrastMethod, ContrastOptions, ContrastRow, ContrastCoefficients } from './contrasts';
export { adjustPValues, criticalValues, pAdjust, pDunnettx, qDunnettx, checkAdjust, ADJUST_METHODS } from './adjust';
export type { AdjustMethod, ContrastFamily, AdjustedPValues, CriticalValues } from './adjust';
export { inferenceBasis, kenwardRogerOf, krModelFromFit, checkDfMethod, DF_METHODS, DEFAULT_DF_METHOD } from './dfMethod';
export type { DfMethod, InferenceBasis } from './dfMethod';
export { kenwardRoger, krDdf, krDdfTerms, krFTest } from './kenwardRoger/index';
export type { KenwardRogerResult, KrModel, KrTerm, KrDdfTerms, KrFTest } from './kenwardRoger/index';
export { referenceGrid, marginalGrid } from './refgrid';
export type { ReferenceGrid, MarginalGrid, GridVariable, ReferenceGridOptions } from './refgrid';
export { effectSizes, EffectSizeTable, varianceComponents, totalVariance } from './effectSize';
export type { EffectSizeOptions, EffectSizeRow, VarianceComponent } from './effectSize';
export { parametricBootstrap, percentileInterval, quantile } from './bootstrap';
export type { BootstrapOptions, BootstrapResult } from './bootstrap';
export { compareStudies, crossStudyTable, CrossStudyTable, CROSS_STUDY_FORMULA } from './crossStudy';
export type { CrossStudyOptions, CrossStudyRow, StudyRating } from './crossStudy';
export { uniroot } from './rootFinding';

/** Options of {@link comparePairs} and {@link compareToReference}. */
export interface CompareOptions {
  /** Multiplicity adjustment (comparePairs default "tukey"; compareToReference default "dunnettx", as emmeans). */
  adjust?: AdjustMethod;
  /** df method (default "satterthwaite"). */
  df?: DfMethod;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Values of numeric covariates (default their means). */
  at?: Record<string, number>;
}

/**
 * All pairwise contrasts of the marginal means of `factor` (emmeans' `pairs(emmeans(fit, factor))`):
 * rows "a - b" for a before b in level order, or "b - a" with `reverse: true` (emmeans' revpairwise).
 * @example comparePairs(fit, 'source', { adjust: 'holm', df: 'kenward-roger' }).rows
 */
export function comparePairs(fit: LmmFit, factor: string | readonly string[], options: CompareOptions & { reverse?: boolean } = {}): ContrastTable {
  const emm = emmeans(fit, factor, { df: options.df, level: options.level, at: options.at });
  return contrast(emm, options.reverse ? 'revpairwise' : 'pairwise', { adjust: options.adjust });
}

/**
 * Each level of `factor` minus the reference level (the first level unless `ref` is given), emmeans'
 * trt.vs.ctrl. The paper's treatment-contrast t tests are `compareToReference(fit, 'source', { adjust: 'none' })`.
 */
export function compareToReference(fit: LmmFit, factor: string | readonly string[], options: CompareOptions & { ref?: string | number } = {}): ContrastTable {
  const emm = emmeans(fit, factor, { df: options.df, level: options.level, at: options.at });
  return contrast(emm, 'trt.vs.ctrl', { adjust: options.adjust, ref: options.ref });
}
