/**
 * The library for notebooks, in one import (`import { ... } from './src/lab'`), by topic in pipeline order:
 * data in -> tidy table -> model -> inference -> figures -> notebook display. A study adds its own API on top
 * (e.g. src/studies/lee2024/lab.ts re-exports this file and the study).
 */
// data in: CSV files with R's rules, long rating files, LIWC output, released data sets
export * from './data/index';
// tidy table: descriptives
export * from './describe/index';
// model: linear mixed models (lme4), ordinal (clmm)
export * from './model/index';
export * from './ordinal/index';
// inference: marginal means, contrasts, Kenward-Roger, effect sizes; rater agreement; power
export * from './inference/index';
export * from './agreement/index';
export * from './power/index';
// linguistic features and style
export * from './features/index';
export * from './style/index';
export { responseFeatures, liwcResponseFeatures, fitFeatureModel, figure3Rows, featureContrasts, featureContrastTable, compareFeatureConclusions, type ResponseFeatures, type PanelFeature, type FeatureContrastRow, type FeatureConclusionRow, type Figure3RowsOptions } from './style/featureModels';
// the standard analysis of any rating study (what new-study's notebooks run)
export * from './ratingStudy/index';
// figures and printing
export * from './figures/index';
export * from './format/index';
// notebook display
export * from './notebook/index';
// results computed once: a later step (or a rerun) reads an expensive call from the disk cache
export { cached } from './util/resultCache';

// The same name in two topics: each resolved explicitly (the other under a longer name).
export type { RatingScale } from './data/index';
export type { RatingScale as AgreementScale } from './agreement/index';
export type { CompareOptions } from './inference/index';
export type { CompareOptions as LiwcCompareOptions } from './features/index';
export type { FeatureOptions, TokenizeOptions } from './features/index';
export type { FeatureOptions as StyleFeatureOptions, TokenizeOptions as StyleTokenizeOptions } from './style/index';
export { formatNumber } from './format/index';
export { formatNumber as formatFigureNumber } from './figures/index';
export type { TableOptions } from './notebook/index';
