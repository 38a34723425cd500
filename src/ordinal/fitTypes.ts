/** The plain shapes a fitted cumulative link mixed model hands out, and what its printers and helpers read from it. */
import type { ClmmDesign } from './design';

/** A row of the coefficient or threshold table: Wald z and two-sided normal p. */
export interface ClmmCoefRow {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
}

/** One random-intercept term: grouping factor, number of levels, SD on the latent (logistic) scale. */
export interface ClmmRandomSd {
  group: string;
  term: '(Intercept)';
  levels: number;
  sd: number;
  variance: number;
}

/** Conditional modes of one grouping factor with their conditional variances (ordinal's ranef, condVar). */
export interface ClmmRanef {
  group: string;
  levels: string[];
  mode: number[];
  condVar: number[];
}

/** Optimiser report. */
export interface ClmmOptimizerInfo {
  /** BFGS iterations. */
  iterations: number;
  /** Objective evaluations (each one solves for the conditional modes). */
  evaluations: number;
  /** Newton iterations of the conditional-mode loops. */
  innerIterations: number;
  /** Newton polishing steps taken at the end. */
  newtonSteps: number;
  converged: boolean;
  message: string;
}

/** The JSON form of a fit. */
export interface ClmmFitJson {
  formula: string;
  approximation: string;
  nobs: number;
  thresholds: ClmmCoefRow[];
  coefficients: ClmmCoefRow[];
  random_sd: ClmmRandomSd[];
  logLik: number;
  df: number;
  AIC: number;
  BIC: number;
  max_grad: number;
  cond_H: number;
  converged: boolean;
  warnings: string[];
}

/** What the summary reads from a fitted CLMM (a ClmmFit has it). */
export interface ClmmSummaryInput {
  formula: string;
  dataName: string;
  nobs: number;
  nAGQ: number;
  fixefNames: readonly string[];
  condH: number;
  maxGrad: number;
  optimizer: ClmmOptimizerInfo;
  warnings: readonly string[];
  aic(): number;
  logLik(): number;
  coefficients(): ClmmCoefRow[];
  thresholdTable(): ClmmCoefRow[];
  randomSd(): ClmmRandomSd[];
}

/** What predictions read from a fitted CLMM (a ClmmFit has it). */
export interface ClmmPredictInput {
  design: ClmmDesign;
  beta: ArrayLike<number>;
  thresholds: ArrayLike<number>;
  sd: ArrayLike<number>;
  fixefNames: readonly string[];
  responseLevels: readonly string[];
}

/** What latent contrasts read from a fitted CLMM (a ClmmFit has it). */
export interface ClmmContrastInput {
  design: ClmmDesign;
  beta: ArrayLike<number>;
  linearCombination(L: ArrayLike<number>): { estimate: number; se: number };
}
