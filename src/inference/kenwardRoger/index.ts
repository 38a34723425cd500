/**
 * Kenward-Roger adjusted covariance of the fixed effects and denominator degrees of freedom for linear
 * mixed models (Kenward & Roger 1997, Biometrics 53:983; Halekoh & Hojsgaard 2014, J. Stat. Softw. 59(9)),
 * giving the same numbers as R's pbkrtest (`vcovAdj`, `Lb_ddf`, `KRmodcomp`) without any n x n matrix.
 *
 * The model: Sigma = sum_r theta_r G_r, with one parameter per variance / covariance entry of each random
 * term (G = Z_t (I (x) E_ab) Z_t') plus the residual variance (G = I), as pbkrtest parameterizes it. With
 * Phi = Var(beta-hat) (the fit's vcov), P_r = -X' S G_r S X, Q_rs = X' S G_r S G_s S X (S = Sigma^-1) and
 * the expected REML information IE2_rs = tr(S G_r S G_s) - 2 tr(Phi Q_rs) + tr(Phi P_r Phi P_s),
 * W = 2 IE2^-1, U = sum_rs W_rs (Q_rs - P_r Phi P_s) and Phi_A = Phi + 2 Phi U Phi.
 *
 * How it avoids n x n matrices:
 * 1. The random term with the most effects ("term 1") makes V1 = I + Z1 G1 Z1' block diagonal by its levels,
 *    so V1^-1 = I - z_l H_l z_l' per level with H_l a k x k matrix.
 * 2. The other terms (q2 effects) enter by the Woodbury identity: V^-1 = V1^-1 - V1^-1 Z2 N Z2' V1^-1 with
 *    N = Lambda2 (I + Lambda2' Z2'V1^-1 Z2 Lambda2)^-1 Lambda2' (q2 x q2).
 * 3. Every trace and product above is then a sum over levels of term 1 plus dense q2 x q2 algebra; the
 *    residual parameter's terms follow from the others because Sigma is linear in theta
 *    (sum_r theta_r S G_r S = S).
 * Cost: O(n (K + p)^2 + q1 q2 (p + k) + q2^3); for the Lee et al. models (n = 6,060-8,688) well under a second.
 *
 * The stages, one file each under kenwardRoger/ (each tested against pbkrtest's intermediate values in
 * tests/inference/kenwardRogerStages.test.ts):
 *  1. parameters.ts      krParameters       theta_r and the patterns E_r (pbkrtest's ggamma, G)
 *  2. split.ts           krSplit            term 1 and the dense block Z2
 *  3. term1Levels.ts     krTerm1Levels      V1^-1 per level; [Z2 X]' V1^-1 [Z2 X]
 *  4. denseBlock.ts      krDenseBlock       Woodbury: Z2' V^-1 Z2, Z2' V^-1 X, X' V^-1 X
 *  5. denseTraces.ts     krDenseBlockTraces tr(V^-1 G_r), K, P, Q of the dense-block parameters
 *  6. term1Traces.ts     krTerm1Traces      the same for term 1's parameters (levelCrossproducts.ts per level)
 *  7. scale.ts           krScaleToSigma     to Sigma^-1, residual parameter added: Ktrace, P_r, Q_rs
 *  8. information.ts     krInformation      IE2, condition, W
 *  9. adjust.ts          krAdjustedVcov     U, Phi_A
 * 10. ddf.ts             krDdfTerms, krDdf  A1, A2, B, g, c1-c3, E*, V*, rho, ddf, F scaling
 * 11. fTest.ts           krFTest            the scaled F test of L beta = betaH
 */
import { krAdjustedVcov } from './adjust';
import { krDdf } from './ddf';
import { krDenseBlock } from './denseBlock';
import { krDenseBlockTraces } from './denseTraces';
import { krInformation } from './information';
import { krParameters } from './parameters';
import { krScaleToSigma } from './scale';
import { krSplit } from './split';
import { krTerm1Levels } from './term1Levels';
import { krTerm1Traces } from './term1Traces';
import type { KenwardRogerResult, KrModel } from './types';

export type { KenwardRogerResult, KrModel, KrTerm } from './types';
export { krDdf, krDdfTerms, type KrDdfTerms } from './ddf';
export { krFTest, type KrFTest } from './fTest';

/**
 * Kenward-Roger adjusted covariance and df machinery for a fitted model (REML fits, as pbkrtest refits by
 * REML first).
 * `options.shortcut: false` forces the direct products in the dense block (used by tests; the default uses
 * the Woodbury shortcut whenever the Lambda blocks of the dense part are well conditioned).
 * @example const kr = kenwardRoger(model); kr.vcovAdjusted; kr.df([0, 1, -1, 0]);
 */
export function kenwardRoger(m: KrModel, options: { shortcut?: boolean } = {}): KenwardRogerResult {
  const { n, p, sigma } = m;
  const Phi = m.vcov;
  if (m.terms.length === 0) throw new Error('Kenward-Roger needs at least one random-effects term');
  const params = krParameters(m.terms, sigma);
  const split = krSplit(m.terms);
  const { G, levels } = krTerm1Levels(m, split);
  const dense = krDenseBlock(G, split, p, options);
  const traces = krDenseBlockTraces(m, params, split, dense);
  krTerm1Traces(traces, m, params, split, levels, dense);
  const s2 = sigma * sigma;
  const { K, P, Q } = krScaleToSigma(traces, params, s2, dense.XVX, n, p);
  const { W, condition } = krInformation(Phi, K, P, Q, p);
  const { vcovAdjusted } = krAdjustedVcov(Phi, P, Q, W, p);
  return {
    vcov: Float64Array.from(Phi),
    vcovAdjusted,
    P,
    W,
    condition,
    parameterNames: [...params.map((q) => q.name), 'Residual'],
    parameters: [...params.map((q) => q.value), s2],
    p,
    df: (L) => krDdf(L, Phi, P, W, p),
  };
}
