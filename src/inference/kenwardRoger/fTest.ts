/**
 * Stage 11 of Kenward-Roger: the scaled Wald F test of H0: L (beta - betaH) = 0 (pbkrtest's KRmodcomp):
 *   F_U = (L d)' (L Phi_A L')^-1 (L d) / q  (d = beta-hat - betaH),  F = lambda F_U ~ F(q, m)
 * with the ddf m and scaling lambda of stage 10.
 */
import { luSolve, matmul, transpose } from '../../linalg/index';
import { pf } from '../../stats/distributions';
import { krContrastMatrix, krDdfTerms } from './ddf';
import type { KenwardRogerResult } from './types';

/** The test, as pbkrtest's KRmodcomp reports it (rows Ftest and FtestU of its `test` table). */
export interface KrFTest {
  /** Numerator df q (rows of L). */
  ndf: number;
  /** Denominator df m. */
  ddf: number;
  /** Scaled statistic lambda F_U (pbkrtest's Fstat). */
  F: number;
  /** lambda (pbkrtest's F.scaling). */
  Fscaling: number;
  /** P(F(q, m) > F), computed as 1 - cdf (good to ~1e-16 absolute). */
  p: number;
  /** Unscaled statistic F_U with Phi_A (pbkrtest's FstatU) and its p value on (q, m) df. */
  Funscaled: number;
  pUnscaled: number;
}

/**
 * Kenward-Roger F test of L beta = betaH (betaH: a vector of length p or a number for all entries; 0 by
 * default). L must have full row rank.
 * @example krFTest([[0, 1, 0], [0, 0, 1]], fit.beta, kenwardRogerOf(fit)) // { ndf: 2, ddf, F, p, ... }
 */
export function krFTest(
  L: ArrayLike<number> | ArrayLike<number>[],
  beta: ArrayLike<number>,
  kr: Pick<KenwardRogerResult, 'vcov' | 'vcovAdjusted' | 'P' | 'W' | 'p'>,
  betaH: number | ArrayLike<number> = 0,
): KrFTest {
  const p = kr.p;
  const { Lm, q } = krContrastMatrix(L, p);
  const terms = krDdfTerms(L, kr.vcov, kr.P, kr.W, p);
  const d = Float64Array.from({ length: p }, (_, j) => beta[j]! - (typeof betaH === 'number' ? betaH : betaH[j]!));
  const Ld = matmul(Lm, d, q, p, 1);
  const LVL = matmul(matmul(Lm, kr.vcovAdjusted, q, p, p), transpose(Lm, q, p), q, p, q);
  const x = luSolve(LVL, Ld, q, 1, 0);
  if (!x) throw new Error('Kenward-Roger F test: L Phi_A L\' is singular (L must have full row rank)');
  let wald = 0;
  for (let i = 0; i < q; i++) wald += Ld[i]! * x[i]!;
  const Funscaled = wald / q;
  const F = terms.Fscaling * Funscaled;
  return { ndf: q, ddf: terms.ddf, F, Fscaling: terms.Fscaling, p: 1 - pf(F, q, terms.ddf), Funscaled, pUnscaled: 1 - pf(Funscaled, q, terms.ddf) };
}
