/**
 * Rater agreement: intraclass correlations from mixed-model variance components (Shrout & Fleiss forms,
 * as psych::ICC and performance::icc define them) and Krippendorff's alpha (nominal, ordinal, interval,
 * ratio; missing ratings allowed), with seeded item-bootstrap intervals, per group and pooled.
 *
 * - `raterAgreement(rows, { seed, replicates, scale })`: icc_single = ICC(2,1), icc_average = ICC(2,k),
 *   alpha_interval, alpha_ordinal, each {estimate, lower, upper}, per group (e.g. source) and overall;
 *   `agreementHeadline(result)` gives the four as results.json has them.
 * - `iccTable(rows, { k, bootstrap })`: all six forms ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k (REML);
 *   `iccFromFit(fit, { item, rater, k })` from any fitted model; `iccFromComponents`, `iccCrossed`,
 *   `iccOneWay` from variances; `iccShroutFleiss(matrix)` the ANOVA forms with F-based intervals
 *   (psych::ICC(x, lmer = FALSE)) for complete data.
 * - `krippendorffAlpha(data, level)` (coincidence matrix; data = raters x units, null = missing),
 *   `krippendorffAlphaPairwise` (pairwise-disagreement form, for checks), `krippendorffAlphaBootstrap`,
 *   `reliabilityMatrix(rows)` (long rows -> raters x units).
 * - Bootstrap helpers: `itemBootstrap`, `percentileEstimate`, `seedFor`, `drawItemWeights`.
 *
 * @example
 *   import { raterAgreement, agreementHeadline } from './src/agreement/index';
 *   const a = raterAgreement(rows, { seed: 1, replicates: 2000, scale: { min: 1, max: 5 } });
 *   agreementHeadline(a.overall);  a.groups.map((g) => [g.group, g.icc_single.estimate]);
 */
export { raterAgreement, agreementHeadline, iccTable, krippendorffAlphaBootstrap } from './agreement';
export type { RaterAgreement, RaterAgreementOptions, AgreementResult, AgreementCounts, IccBootstrapMethod, IccTable, IccTableRow } from './agreement';
export { iccFromComponents, iccCrossed, iccOneWay, iccFromFit, iccShroutFleiss, ICC_TYPES, ICC_DESCRIPTIONS } from './icc';
export type { IccType, IccFromFit, ShroutFleissRow } from './icc';
export { remlComponents, remlCrossed, remlOneWay, crossedComponentsOf, momentComponents, momentData, interceptVariance, CROSSED_FORMULA, ONE_WAY_FORMULA } from './components';
export type { CrossedComponents, OneWayComponents, VarianceComponents, MomentData } from './components';
export {
  krippendorffAlpha,
  alphaOfUnits,
  alphaFromCoincidence,
  coincidenceMatrix,
  coincidenceFromUnits,
  metricDifferences,
  unitValueCounts,
  unitValueCountsFromLists,
  checkAlphaLevel,
  reliabilityValues,
  ALPHA_LEVELS,
} from './alpha';
export type { AlphaLevel, AlphaResult, CoincidenceMatrix, ReliabilityData, ReliabilityInput, UnitValueCounts } from './alpha';
export { krippendorffAlphaPairwise } from './alphaPairwise';
export { alphaOfWeightedUnits, alphaScratch } from './alphaWeighted';
export type { AlphaScratch } from './alphaWeighted';
export { itemBootstrap, percentileEstimate, seedFor, drawItemWeights, checkBootstrapSettings } from './bootstrap';
export type { BootstrapSettings, Estimate, BootstrapEstimate } from './bootstrap';
export { checkRatingRows, indexRatings, countRatings, reliabilityMatrix, pooledItemKey, RatingDataError } from './ratings';
export type { RatingRow, RatingScale, RatingCounts, IndexedRatings, CheckedRow } from './ratings';
