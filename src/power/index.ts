/**
 * Power analysis by simulation for rating studies (in the spirit of R's simr): simulate new data sets from
 * a fitted model or stated effects and variance components, refit, test a contrast, and report power with
 * a Clopper-Pearson interval over a range of rater counts.
 *
 * @example
 *   import { lmmScenario, powerCurve } from './src/power/index';
 *   const scenario = lmmScenario(fit, { means: { llama2: gpt4Mean - 0.1 } });
 *   const res = await powerCurve({ scenario, layout: { posts: 120, postsPerRater: 10, conditions: ['gpt4', 'llama2', 'mistral'] },
 *     raters: [40, 60, 80, 100, 120], nsim: 200, contrast: ['gpt4', 'llama2'], seed: 2024 });
 */
export { powerCurve, powerPoint, smallestRaters, formatDuration } from './run';
export type { PowerCurveOptions, PowerCurveResult, PowerPoint } from './run';
export { ReplicateRunner, checkSpec } from './replicate';
export type { PowerSpec, ReplicateResult } from './replicate';
export { ratingTable, tableRows, checkLayout } from './design';
export type { StudyLayout, RatingTable } from './design';
export { lmmScenario, clmmScenario, simulateRatings, clmmExpectedRating, clmmEffectForDifference } from './scenario';
export type { Scenario, LmmScenario, ClmmScenario, RandomSds, LmmScenarioOptions, ClmmScenarioOptions } from './scenario';
export { clopperPearson } from './binomial';
export type { BinomialInterval } from './binomial';
export { tTestPower, withinCellContrastPower, withinCellContrastPowerWithPostVariation, smallestRatersFor, closedFormContrastPower } from './analytic';
export type { WithinCellContrast, WithinCellContrastWithPostVariation } from './analytic';
export { replicateSeed, mix32 } from './seeds';
