/**
 * Degrees-of-freedom methods for t-tests of linear functions L beta of a fitted linear mixed model, as
 * emmeans offers them for lmer fits (`lmer.df`):
 * - "satterthwaite": Var(beta-hat) from the fit, df by Satterthwaite (lmerTest; src/inference/satterthwaite);
 * - "kenward-roger": Kenward-Roger adjusted Var(beta-hat) and df (pbkrtest; src/inference/kenwardRoger),
 *   computed on the REML fit (an ML fit is refitted by REML first, as pbkrtest does);
 * - "asymptotic": Var(beta-hat) from the fit and df = Infinity (z tests).
 *
 * Our default is "satterthwaite": it is what lmerTest's summary (and the Lee et al. paper) report, it costs a
 * few deviance evaluations at any size, and emmeans falls back to it for large data. emmeans' own default is
 * "kenward-roger"; ask for it with `df: 'kenward-roger'` (same numbers as emmeans + pbkrtest).
 */
import { fitDesign, type LmmFit } from '../model/index';
import { kenwardRoger, type KenwardRogerResult, type KrModel } from './kenwardRoger/index';

/** A degrees-of-freedom method. */
export type DfMethod = 'satterthwaite' | 'kenward-roger' | 'asymptotic';

/** Accepted names (emmeans' spellings included). */
export const DF_METHODS: readonly DfMethod[] = ['satterthwaite', 'kenward-roger', 'asymptotic'];

/** The default df method of this library (see the module comment). */
export const DEFAULT_DF_METHOD: DfMethod = 'satterthwaite';

/** What the inference functions need: estimates, the covariance used for SEs, and the df of any L. */
export interface InferenceBasis {
  method: DfMethod;
  /** Fixed-effect estimates. */
  beta: Float64Array;
  /** Names of the fixed effects. */
  coefficients: string[];
  /** Covariance used for standard errors (KR: the adjusted one), p x p row-major. */
  vcov: Float64Array;
  /** Number of fixed effects. */
  p: number;
  /** Denominator df of the t test of L beta. */
  df(L: ArrayLike<number>): number;
}

/** Normalizes a df method name ("KR", "kenward-roger", "Satterthwaite", "asymptotic"). */
export function checkDfMethod(name: string): DfMethod {
  const s = name.toLowerCase();
  if (s === 'satterthwaite' || s === 'satt') return 'satterthwaite';
  if (s === 'kenward-roger' || s === 'kr' || s === 'kenward_roger' || s === 'kenwardroger') return 'kenward-roger';
  if (s === 'asymptotic' || s === 'z' || s === 'none') return 'asymptotic';
  throw new Error(`unknown df method '${name}' (use satterthwaite, kenward-roger or asymptotic)`);
}

/** The model as Kenward-Roger needs it: X, random terms with their Lambda blocks, sigma, vcov. */
export function krModelFromFit(fit: LmmFit): KrModel {
  const d = fit.design;
  const lam = fit.lambda();
  return {
    n: d.n,
    p: d.p,
    X: d.X,
    sigma: fit.sigma,
    vcov: fit.vcov,
    terms: d.reterms.map((t, i) => ({ name: t.group, cnames: t.cnames, refs: t.refs, nl: t.levels.length, k: t.k, z: t.z, lambda: lam[i]! })),
  };
}

const krCache = new WeakMap<LmmFit, KenwardRogerResult>();

/** Kenward-Roger for a fit (computed once per fit; ML fits are refitted by REML first, as pbkrtest does). */
export function kenwardRogerOf(fit: LmmFit): KenwardRogerResult {
  let kr = krCache.get(fit);
  if (!kr) {
    const remlFit = fit.reml ? fit : fitDesign(fit.design, { reml: true });
    kr = kenwardRoger(krModelFromFit(remlFit));
    krCache.set(fit, kr);
  }
  return kr;
}

/**
 * The inference basis of a fit for one df method.
 * @example const b = inferenceBasis(fit, 'kenward-roger'); b.df([0, 1, -1]);
 */
export function inferenceBasis(fit: LmmFit, method: DfMethod = DEFAULT_DF_METHOD): InferenceBasis {
  const m = checkDfMethod(method);
  const common = { method: m, beta: fit.beta, coefficients: fit.fixefNames.slice(), p: fit.p };
  if (m === 'kenward-roger') {
    const kr = kenwardRogerOf(fit);
    return { ...common, vcov: kr.vcovAdjusted, df: (L) => kr.df(L) };
  }
  if (m === 'satterthwaite') {
    const s = fit.satterthwaite();
    return { ...common, vcov: fit.vcov, df: (L) => s.df(L) };
  }
  return { ...common, vcov: fit.vcov, df: () => Infinity };
}
