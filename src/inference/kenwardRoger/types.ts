/**
 * The model Kenward-Roger works on and its result (src/inference/kenwardRoger.ts composes the stages).
 * Symbols as in Kenward & Roger (1997) and Halekoh & Hojsgaard (2014): Sigma = Var(y) = sum_r theta_r G_r,
 * Phi = Var(beta-hat) = (X' Sigma^-1 X)^-1, Phi_A the adjusted covariance.
 */

/** One random-effects term as Kenward-Roger needs it. */
export interface KrTerm {
  /** Name (e.g. "post:rater"), for parameter labels. */
  name?: string;
  /** Names of the term's columns, e.g. ["(Intercept)", "x"]. */
  cnames?: string[];
  /** Level (0-based) of each observation. */
  refs: Int32Array;
  /** Number of levels. */
  nl: number;
  /** Columns per level. */
  k: number;
  /** Values of the term's columns, n x k row-major. */
  z: Float64Array;
  /** Relative covariance factor (lme4's Lambda block, k x k lower, row-major): Cov = sigma^2 Lambda Lambda'. */
  lambda: Float64Array;
}

/** A fitted linear mixed model as Kenward-Roger needs it. */
export interface KrModel {
  n: number;
  p: number;
  /** Fixed-effects model matrix, n x p row-major. */
  X: Float64Array;
  terms: KrTerm[];
  /** Residual standard deviation. */
  sigma: number;
  /** Var(beta-hat) of the (REML) fit, p x p row-major. */
  vcov: Float64Array;
}

/** Kenward-Roger results: adjusted covariance and the pieces pbkrtest keeps to compute degrees of freedom. */
export interface KenwardRogerResult {
  /** Unadjusted Var(beta-hat), p x p. */
  vcov: Float64Array;
  /** Adjusted covariance Phi_A, p x p (pbkrtest::vcovAdj). */
  vcovAdjusted: Float64Array;
  /** P_r matrices (p x p), one per variance parameter (attr(, "P") in pbkrtest). */
  P: Float64Array[];
  /** W = 2 IE2^-1 (attr(, "W")), nParams x nParams. */
  W: Float64Array;
  /** Smallest |eigenvalue| of IE2 (attr(, "condi")); below 1e-10 a pseudo-inverse was used. */
  condition: number;
  /** Names of the variance parameters, e.g. "post:rater.(Intercept)", "Residual". */
  parameterNames: string[];
  /** Values of the variance parameters (variances and covariances). */
  parameters: number[];
  /** p (number of fixed effects). */
  p: number;
  /** Denominator df for the hypothesis L beta = 0 (L: one row of length p, or several rows): pbkrtest::Lb_ddf. */
  df(L: ArrayLike<number> | ArrayLike<number>[]): number;
}
