/** The plain shapes a fitted linear mixed model hands out (tables of its summary and its JSON). */

/** A row of the fixed-effects table (lmerTest's summary): Satterthwaite df and two-sided p. */
export interface FixefRow {
  term: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
}

/** A standard-deviation row of VarCorr (group "Residual" for the residual, with term null). */
export interface VarCorrSd {
  group: string;
  term: string | null;
  sd: number;
  variance: number;
}

/** A correlation row of VarCorr. */
export interface VarCorrCor {
  group: string;
  term1: string;
  term2: string;
  cor: number;
}

/** Conditional modes of one grouping factor (all its terms), optionally with conditional SDs. */
export interface RanefGroup {
  /** Grouping factor name (no ".1" suffix). */
  group: string;
  /** Names of the varying terms, e.g. ["(Intercept)", "Days"]. */
  terms: string[];
  /** Levels in the factor's order. */
  levels: string[];
  /** values[level][term]. */
  values: number[][];
  /** condsd[level][term] (only with condVar). */
  condsd?: number[][];
}

/** Optimizer report. */
export interface OptimizerInfo {
  /** Number of deviance evaluations. */
  evaluations: number;
  /** True when the trust region shrank to its final radius. */
  converged: boolean;
  /** How the optimizer stopped. */
  message: string;
  /** Final radius used. */
  rhoEnd: number;
}

/** The object `--json` prints (see the fit command). */
export interface LmmFitJson {
  formula: string;
  reml: boolean;
  nobs: number;
  fixef: FixefRow[];
  varcorr: (VarCorrSd | VarCorrCor)[];
  sigma: number;
  reml_criterion: number | null;
  deviance: number;
  loglik: number;
  aic: number;
  bic: number;
  converged: boolean;
  singular: boolean;
  /** Rows the model frame dropped, by reason (e.g. {"missing value in rating": 1}); {} when none. */
  dropped: Record<string, number>;
  warnings: string[];
}
