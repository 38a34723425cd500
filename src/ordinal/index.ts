/**
 * Cumulative link mixed models for Likert ratings (R's ordinal::clmm: logit link, flexible thresholds,
 * random intercepts for one or more crossed grouping factors by the Laplace approximation, adaptive
 * Gauss-Hermite quadrature for a single grouping factor), with the mixed-model engine's formula language.
 *
 * Pipeline: `buildClmmDesign(formula, data)` -> `fitClmmDesign(design, { nAGQ })` (or `fitClmm` for both)
 * -> ClmmFit: thresholds, beta, sd, vcov, coefficients(), thresholdTable(), randomSd(), ranef(), logLik(),
 * aic(), bic(), summary(), toHTML(), predictProbabilities(), pairwise(factor).
 * `compareLmmClmm` sets the LMM's and the CLMM's pairwise conclusions side by side.
 *
 * @example
 *   import { fitClmm } from './src/ordinal/index';
 *   const fit = fitClmm('rating ~ source + (1|post:rater) + (1|post) + (1|rater)', rows, { reference: { source: 'human' } });
 *   console.log(fit.summary());
 */
export { buildClmmDesign } from './design';
export type { ClmmData, ClmmDesign, ClmmDesignOptions, ClmmReTerm } from './design';
export { fitClmm, fitClmmDesign, ClmmFit } from './fit';
export type { ClmmOptions, ClmmCoefRow, ClmmRandomSd, ClmmRanef, ClmmOptimizerInfo, ClmmFitJson } from './fit';
export { LaplaceObjective } from './laplace';
export { AgqObjective } from './agq';
export { gaussHermite } from './gaussHermite';
export type { GaussHermiteRule } from './gaussHermite';
export { plogis, qlogis } from './link';
export { predictProbabilities, categoryProbabilities, marginalCategoryProbabilities, expectedCategory, latentGrid } from './predict';
export type { PredictProbabilitiesOptions, PredictedProbabilities, CategoryProbabilities } from './predict';
export { latentPairwise, latentMeans, latentLinearFunctions } from './contrasts';
export type { LatentPairwise, LatentPairwiseOptions, LatentContrast } from './contrasts';
export { compareLmmClmm } from './robustness';
export type { RobustnessOptions, RobustnessResult, RobustnessRow, Decision } from './robustness';
export { clmmSummaryText, clmmSummaryHtml } from './summary';
