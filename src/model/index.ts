/**
 * Linear mixed models in TypeScript: lme4's formula language, estimates and summary (with lmerTest's
 * Satterthwaite t-tests), checked against R.
 *
 * Pipeline (each stage callable on its own, as in lme4):
 * 1. `parseFormula(text)` -> ParsedFormula (pure)
 * 2. `modelFrame(formula, data, { where, reference })` -> ModelFrame (R's model.frame + na.omit: the ONE way
 *    data reach a model; data = a DataTable from readTable(file), rows, columns or a DataFrame)
 * 3. `buildDesign(formula, frame)` -> LmmDesign (lme4's lFormula: X, random-effect terms)
 * 4. `createDevianceFunction(design, { reml })` -> profiled deviance of theta (lme4's devFunOnly = TRUE)
 * 5. `fitDesign(design, options)` / `fitLmm(formula, data, options)` -> LmmFit (stages 2-5 in one call)
 *
 * LmmFit: beta, vcov, se, fixef() (estimate, se, Satterthwaite df, t, p), contrast(L), theta, sigma,
 * varcorr(), ranef({ condVar }), fitted(), residuals(), logLik(), aic(), bic(), deviance(), summary(),
 * toHTML(), toJSON(). Then `anova([m0, m1])`, `simulateResponse(fit, rng)`, `refit(fit, y)`, `refitML(fit)`.
 *
 * Internals for further inference: `fit.design` (X, ReTerm z/refs), `fit.system` (BlockedSystem: blocked
 * A = [Z X y]'[Z X y] and its factor L at theta-hat; see blocked.ts), `fit.lambda()`, `fit.u`.
 *
 * @example
 *   import { fitLmm } from './src/model';
 *   const fit = fitLmm('rating ~ source + (1|post:rater) + (1|post) + (1|rater)', rows, { reference: { source: 'human' } });
 *   console.log(fit.summary());
 */
export { parseFormula, fixedFormulaText, FormulaError } from './formula';
export type { ParsedFormula, FormulaTerm, TermList, RandomTermSpec, VariableRef } from './formula';
export { modelFrame, isModelFrame, showValue } from './frame';
export type { ModelFrame, FrameColumn, FrameOptions } from './frame';
export { buildDesign, buildDesign as lFormula } from './design';
export type { LmmDesign, ReTerm, DesignOptions, FactorCoding } from './design';
export { ModelDataError, sortLevels, compareCodePoints } from './data';
export type { DataInput } from './data';
export { BlockedSystem, describeBlocks } from './blocked';
export type { ChainBlock, TailBlock } from './blocked';
export { createDevianceFunction } from './deviance';
export type { DevianceFunction } from './deviance';
export { minimizeBounded } from './optimizer';
export type { MinimizeOptions, MinimizeResult } from './optimizer';
export { fitLmm, fitDesign, LmmFit, devianceDerivatives } from './fit';
export type { FitOptions, FixefRow, VarCorrSd, VarCorrCor, RanefGroup, OptimizerInfo, LmmFitJson } from './fit';
export { anova, AnovaTable } from './anova';
export type { AnovaRow } from './anova';
export { refit, refitML, simulateResponse } from './refit';
export type { RefitOptions } from './refit';
export { Satterthwaite } from './satterthwaite';
export type { ContrastTest, VarianceParameterModel } from './satterthwaite';
